"""The programme health page: seven failure points, their scores, reasoning and records."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.health.scoring import programme_health


@viewer_required("gates.view_assessment")
def health(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    context = programme_context(programme, programmes)
    context["scores"] = programme_health(programme)
    return render(request, "health/health.html", context)
