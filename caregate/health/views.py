"""The programme health page: seven failure points, their scores, reasoning and records."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from caregate.core.views import _base_context, _choose_programme, _viewer
from caregate.health.scoring import programme_health


@_viewer("gates.view_assessment")
def health(request):
    programme, programmes = _choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    context = _base_context(programme, programmes)
    context["scores"] = programme_health(programme)
    return render(request, "health/health.html", context)
