"""What pages and the report show of an assessment, assembled once for both."""

from __future__ import annotations

from caregate.gates.models import Assessment, CriterionResult


def assessment_context(assessment: Assessment) -> dict:
    """Gates in order with their results, blocking failures first."""
    verdicts = list(
        assessment.verdicts.select_related("gate", "gate__primary_owner").order_by("gate__order")
    )
    results = (
        CriterionResult.objects.filter(verdict__assessment=assessment)
        .select_related("criterion", "criterion__owner")
        .order_by("criterion__order")
    )
    by_verdict: dict[int, list[CriterionResult]] = {}
    for result in results:
        by_verdict.setdefault(result.verdict_id, []).append(result)
    outcome_rank = {"fail": 0, "cannot_evaluate": 1, "pass": 2}
    gates = []
    for verdict in verdicts:
        rows = sorted(
            by_verdict.get(verdict.id, []),
            key=lambda r: (not r.is_blocking, outcome_rank[r.outcome], r.criterion.order),
        )
        gates.append({"verdict": verdict, "gate": verdict.gate, "results": rows})
    return {
        "assessment": assessment,
        "programme": assessment.programme,
        "snapshot": assessment.snapshot,
        "gates": gates,
        "ready_count": sum(1 for verdict in verdicts if verdict.ready),
    }
