"""Gate conditions read from the gap register (registered with caregate.gates.registers)."""

from __future__ import annotations

from django.db.models import Q

from caregate.gaps.models import OPEN_STATUSES, Criticality, Gap
from caregate.gates.registers import RegisterFinding, condition

HIGH_CRITICALITIES = (Criticality.CRITICAL, Criticality.HIGH)


def open_high_gaps_unresolved_queryset(programme):
    """The gaps that break the rule below, by reference."""
    return (
        Gap.objects.filter(
            programme=programme, status__in=OPEN_STATUSES, criticality__in=HIGH_CRITICALITIES
        )
        .filter(Q(resolution_path="") | Q(owner__isnull=True))
        .order_by("reference")
    )


@condition("open_high_gaps_unresolved")
def open_high_gaps_unresolved(programme) -> RegisterFinding:
    """Open gaps (open, analysing or resolution agreed) of business criticality critical or
    high that have no resolution path yet, or no named owner."""
    gaps = list(open_high_gaps_unresolved_queryset(programme).only("id", "reference", "title"))
    return RegisterFinding(
        model="gaps.gap",
        record_ids=[gap.id for gap in gaps],
        labels=[f"{gap.reference} {gap.title}" for gap in gaps],
        rule=(
            "gap.status in (open, analysing, resolution_agreed) and gap.criticality in "
            "(critical, high) and (gap.resolution_path is blank or gap.owner is empty)"
        ),
    )
