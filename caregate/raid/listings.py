"""How each RAID register is listed: search fields, sortable columns and filters."""

from __future__ import annotations

from django.db.models import Case, CharField, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.raid.models import OPEN_RISK, Assumption, Dependency, Issue, Risk

SEARCH = ("reference", "title", "description", "owner__name")


def _choices(text_choices) -> tuple[tuple[str, str], ...]:
    return tuple((value, str(label)) for value, label in text_choices.choices)


def _ratings() -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(value)) for value in range(1, 6))


def workstream_filter(programme) -> ListFilter:
    choices = tuple((str(pk), name) for pk, name in programme.workstreams.values_list("pk", "name"))
    return ListFilter("workstream", "workstream_id", _("Workstream"), choices)


def risk_queryset(programme):
    """Risks with `is_open` ("yes"/"no") so the heat map can link to the open ones."""
    return Risk.objects.filter(programme=programme).annotate(
        is_open=Case(
            When(status__in=OPEN_RISK, then=Value("yes")),
            default=Value("no"),
            output_field=CharField(),
        )
    )


def issue_queryset(programme):
    """Issues with `severity_rank` (critical 4 … low 1) so they sort by seriousness."""
    ranks = {"critical": 4, "high": 3, "medium": 2, "low": 1}
    return Issue.objects.filter(programme=programme).annotate(
        severity_rank=Case(
            *(When(severity=key, then=Value(rank)) for key, rank in ranks.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def listing_for(model, programme) -> Listing:
    """The Listing of one RAID register (filters need the programme's workstreams)."""
    common_sorts = (
        SortColumn("reference", _("Reference"), ("reference",)),
        SortColumn("title", _("Title"), ("title",)),
        SortColumn("owner", _("Owner"), ("owner__name",)),
    )
    workstream = workstream_filter(programme)
    if model is Risk:
        return Listing(
            search_fields=(*SEARCH, "mitigation", "trigger"),
            sort_columns=(
                *common_sorts,
                SortColumn("score", _("Score"), ("score", "impact")),
                SortColumn("status", _("Status"), ("status",)),
            ),
            default_sort="-score",
            filters=(
                ListFilter("status", "status", _("Status"), _choices(Risk.Status)),
                ListFilter("open", "is_open", _("Open"), (("yes", _("Open")), ("no", _("Closed")))),
                ListFilter("likelihood", "likelihood", _("Likelihood"), _ratings()),
                ListFilter("impact", "impact", _("Impact"), _ratings()),
                workstream,
            ),
        )
    if model is Assumption:
        return Listing(
            search_fields=SEARCH,
            sort_columns=(
                *common_sorts,
                SortColumn("validate", _("Validate by"), ("validation_date",)),
                SortColumn("status", _("Status"), ("status",)),
            ),
            default_sort="validate",
            filters=(
                ListFilter("status", "status", _("Status"), _choices(Assumption.Status)),
                workstream,
            ),
        )
    if model is Issue:
        return Listing(
            search_fields=SEARCH,
            sort_columns=(
                *common_sorts,
                SortColumn("severity", _("Severity"), ("severity_rank",)),
                SortColumn("due", _("Due"), ("due_date",)),
                SortColumn("escalation", _("Escalation"), ("escalation_level",)),
                SortColumn("status", _("Status"), ("status",)),
            ),
            default_sort="-severity",
            filters=(
                ListFilter("severity", "severity", _("Severity"), _choices(Issue.Severity)),
                ListFilter(
                    "escalation", "escalation_level", _("Escalation"), _choices(Issue.Escalation)
                ),
                ListFilter("status", "status", _("Status"), _choices(Issue.Status)),
                workstream,
            ),
        )
    if model is Dependency:
        return Listing(
            search_fields=(*SEARCH, "depends_on"),
            sort_columns=(
                *common_sorts,
                SortColumn("on", _("Depends on"), ("depends_on",)),
                SortColumn("needed", _("Needed by"), ("needed_by",)),
                SortColumn("status", _("Status"), ("status",)),
            ),
            default_sort="needed",
            filters=(
                ListFilter("status", "status", _("Status"), _choices(Dependency.Status)),
                workstream,
            ),
        )
    raise LookupError(model)


def queryset_for(model, programme):
    """The rows a RAID list shows, with what each row displays joined in."""
    if model is Risk:
        queryset = risk_queryset(programme)
    elif model is Issue:
        queryset = issue_queryset(programme)
    else:
        queryset = model.objects.filter(programme=programme)
    return queryset.select_related("owner", "workstream")
