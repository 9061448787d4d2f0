"""Gap register pages: list, detail with history, create and edit. Thin: services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, F, IntegerField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caregate.audit.services import history
from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.gaps.forms import GapForm
from caregate.gaps.models import (
    Criticality,
    Gap,
    GapStatus,
    ResolutionPath,
)
from caregate.gaps.services import GapInvalid, create_gap, update_gap
from caregate.programmes.models import Person

HISTORY_LIMIT = 100

#: Criticality as a number, so "critical first" sorts by meaning, not alphabet.
CRITICALITY_RANK = Case(
    When(criticality=Criticality.CRITICAL, then=Value(4)),
    When(criticality=Criticality.HIGH, then=Value(3)),
    When(criticality=Criticality.MEDIUM, then=Value(2)),
    default=Value(1),
    output_field=IntegerField(),
)

UNDECIDED = "undecided"

#: The resolution path, or "undecided" when blank, so one filter offers both.
PATH_STATE = Coalesce(NullIf(F("resolution_path"), Value("")), Value(UNDECIDED))


def gap_listing(programme) -> Listing:
    """The list's search, filters and sorts; the owner filter lists the programme's people."""
    owners = tuple(
        (str(pk), name)
        for pk, name in Person.objects.filter(programme=programme)
        .order_by("name")
        .values_list("pk", "name")
    )
    workstreams = tuple(
        (str(workstream.pk), str(workstream.name)) for workstream in programme.workstreams.all()
    )
    return Listing(
        search_fields=("reference", "title", "process_area"),
        sort_columns=(
            SortColumn("priority", gettext_lazy("Priority"), ("priority_score",)),
            SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
            SortColumn("criticality", gettext_lazy("Criticality"), ("criticality_rank",)),
            SortColumn("due", gettext_lazy("Due date"), ("due_date",)),
        ),
        default_sort="-priority",
        filters=(
            ListFilter("workstream", "workstream_id", gettext_lazy("Workstream"), workstreams),
            ListFilter(
                "criticality", "criticality", gettext_lazy("Criticality"), Criticality.choices
            ),
            ListFilter("status", "status", gettext_lazy("Status"), GapStatus.choices),
            ListFilter(
                "path",
                "path_state",
                gettext_lazy("Resolution path"),
                ((UNDECIDED, gettext_lazy("Not decided")), *ResolutionPath.choices),
            ),
            ListFilter("owner", "owner_id", gettext_lazy("Owner"), owners),
        ),
    )


@viewer_required("gaps.view_gap")
def gap_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        gaps = (
            Gap.objects.filter(programme=programme)
            .select_related("workstream", "owner")
            .annotate(criticality_rank=CRITICALITY_RANK, path_state=PATH_STATE)
        )
        context["listing"] = gap_listing(programme).apply(gaps, request.GET)
        context["can_add"] = request.user.has_perm("gaps.add_gap")
    return render(request, "gaps/list.html", context)


def _gap(programme, reference: str) -> Gap:
    return get_object_or_404(
        Gap.objects.select_related("workstream", "owner", "target_gate", "programme"),
        programme=programme,
        reference=reference,
    )


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


@viewer_required("gaps.view_gap")
def gap_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    gap = _gap(programme, reference)
    context = programme_context(programme, programmes)
    context.update(
        gap=gap,
        entries=list(history(gap).select_related("actor")[:HISTORY_LIMIT]),
        can_change=request.user.has_perm("gaps.change_gap"),
    )
    return render(request, "gaps/detail.html", context)


def _save_form(request, programme, programmes, gap: Gap | None):
    """Show the form; on a valid POST, create or update through the services."""
    form = GapForm(request.POST or None, instance=gap, programme=programme)
    if request.method == "POST" and form.is_valid():
        fields = form.gap_fields()
        reason = form.cleaned_data.get("reason", "")
        try:
            if gap is None:
                saved = create_gap(programme, request.user, reason, **fields)
                messages.success(
                    request, _("Gap %(reference)s raised.") % {"reference": saved.reference}
                )
            else:
                saved = update_gap(gap, request.user, reason, **fields)
                messages.success(
                    request, _("Gap %(reference)s saved.") % {"reference": saved.reference}
                )
        except GapInvalid as invalid:
            for field, message in invalid.errors.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            url = redirect("gaps:detail", reference=saved.reference).url
            if request.GET.get("programme"):
                url += f"?programme={programme.key}"
            return redirect(url)
    context = programme_context(programme, programmes)
    context.update(form=form, gap=gap)
    return render(request, "gaps/form.html", context, status=400 if form.errors else 200)


@viewer_required("gaps.add_gap")
def gap_create(request):
    programme, programmes = _programme_or_404(request)
    return _save_form(request, programme, programmes, None)


@viewer_required("gaps.change_gap")
def gap_edit(request, reference: str):
    programme, programmes = _programme_or_404(request)
    gap = _gap(programme, reference)
    return _save_form(request, programme, programmes, gap)
