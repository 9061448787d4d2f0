"""The design-authority criterion: no open critical or high gap without a path and an owner."""

from caregate.gaps.conditions import open_high_gaps_unresolved
from caregate.gaps.models import Gap
from caregate.gates.models import Criterion


def _gap(programme, reference, criticality, status, path, owner):
    return Gap.objects.create(
        programme=programme,
        reference=reference,
        workstream=programme.workstreams.first(),
        title=reference,
        criticality=criticality,
        status=status,
        resolution_path=path,
        owner=owner,
    )


def test_only_open_critical_or_high_gaps_missing_path_or_owner_are_found(programme, people):
    grace = people["Grace Lindqvist"]
    _gap(programme, "GAP-0001", "high", "open", "", grace)  # no path: found
    _gap(programme, "GAP-0002", "critical", "analysing", "customization", None)  # no owner
    _gap(programme, "GAP-0003", "critical", "resolution_agreed", "customization", grace)
    _gap(programme, "GAP-0004", "medium", "open", "", None)  # medium: not this rule
    _gap(programme, "GAP-0005", "high", "closed", "", None)  # closed
    _gap(programme, "GAP-0006", "high", "deferred", "deferred", grace)  # deferred

    finding = open_high_gaps_unresolved(programme)

    assert finding.model == "gaps.gap"
    assert finding.labels == ["GAP-0001 GAP-0001", "GAP-0002 GAP-0002"]
    assert finding.record_ids == list(
        Gap.objects.filter(reference__in=["GAP-0001", "GAP-0002"])
        .order_by("reference")
        .values_list("id", flat=True)
    )


def test_new_programmes_get_the_blocking_criterion_on_the_design_authority_gate(programme):
    criterion = Criterion.objects.get(gate__programme=programme, key="high-gaps-resolved")

    assert criterion.gate.key == "design-authority"
    assert criterion.kind == "register"
    assert criterion.register_condition == "open_high_gaps_unresolved"
    assert criterion.severity == "blocking"
