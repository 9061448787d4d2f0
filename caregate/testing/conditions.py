"""Exit criteria of testing, read by the migration-and-test gate (caregate.gates.registers).

Thresholds: caregate.testing.services.exit_thresholds (defaults 5 severity-2 defects, 95 %).
"""

from __future__ import annotations

from caregate.gates.registers import RegisterFinding, condition
from caregate.testing import services
from caregate.testing.models import OPEN_DEFECT_STATUSES, CycleKind, Defect, TestCycle


@condition("open_severity1_defects")
def open_severity1_defects(programme) -> RegisterFinding:
    """Defects of severity 1 (critical) that are open, in fix or fixed awaiting retest."""
    defects = list(
        Defect.objects.filter(programme=programme, severity=1, status__in=OPEN_DEFECT_STATUSES)
        .order_by("reference")
        .only("id", "reference", "title")
    )
    return RegisterFinding(
        model="testing.defect",
        record_ids=[d.id for d in defects],
        labels=[f"{d.reference} {d.title}" for d in defects],
        rule="defect.severity = 1 and defect.status in (open, in_fix, fixed)",
    )


@condition("severity2_defects_over_limit")
def severity2_defects_over_limit(programme) -> RegisterFinding:
    """Open severity-2 defects without an agreed workaround; and, when more than N severity-2
    defects are open (programme.evidence_settings["testing"]["max_open_severity2"], default
    5), every open severity-2 defect."""
    max_open, _rate = services.exit_thresholds(programme)
    defects = list(
        Defect.objects.filter(programme=programme, severity=2, status__in=OPEN_DEFECT_STATUSES)
        .order_by("reference")
        .only("id", "reference", "title", "workaround_agreed")
    )
    if len(defects) <= max_open:
        defects = [d for d in defects if not d.workaround_agreed]
    return RegisterFinding(
        model="testing.defect",
        record_ids=[d.id for d in defects],
        labels=[
            f"{d.reference} {d.title}" + ("" if d.workaround_agreed else " (no agreed workaround)")
            for d in defects
        ],
        rule=(
            f"open severity-2 defects > {max_open}, or an open severity-2 defect "
            "without workaround_agreed"
        ),
    )


def _acceptance_cycles(programme):
    return TestCycle.objects.filter(programme=programme, kind=CycleKind.ACCEPTANCE)


@condition("acceptance_scenarios_not_run")
def acceptance_scenarios_not_run(programme) -> RegisterFinding:
    """Acceptance cycles with in-scope scenarios that have not been executed yet, or no
    acceptance cycle at all (then the programme itself is listed)."""
    cycles = _acceptance_cycles(programme)
    report = services.coverage(cycles)
    names = dict(cycles.values_list("id", "name"))
    if not names:
        return RegisterFinding(
            model="programmes.programme",
            record_ids=[programme.id],
            labels=[f"{programme}: no acceptance cycle planned"],
            rule="no test cycle of kind acceptance",
        )
    offending = sorted(
        (cycle_id for cycle_id, cov in report.by_cycle.items() if cov.counts["not_run"]),
        key=lambda cycle_id: names[cycle_id],
    )
    return RegisterFinding(
        model="testing.testcycle",
        record_ids=offending,
        labels=[
            f"{names[c]}: {report.by_cycle[c].counts['not_run']} of "
            f"{report.by_cycle[c].in_scope} scenarios not run"
            for c in offending
        ],
        rule="acceptance cycle has an in-scope scenario with status not_run",
    )


@condition("acceptance_pass_rate_below_threshold")
def acceptance_pass_rate_below_threshold(programme) -> RegisterFinding:
    """Acceptance cycles where the share of executed in-scope scenarios whose status is passed
    is below the threshold (programme.evidence_settings["testing"]["min_pass_rate"], default
    95 %). A cycle where nothing ran yet is listed too."""
    _max, min_rate = services.exit_thresholds(programme)
    cycles = _acceptance_cycles(programme)
    names = dict(cycles.values_list("id", "name"))
    report = services.coverage(cycles)
    offending = []
    for cycle_id in sorted(names, key=names.get):
        cov = report.by_cycle.get(cycle_id)
        rate = cov.pass_rate if cov else None
        if rate is None or rate < min_rate:
            shown = "nothing run" if rate is None else f"{rate:.1f} %"
            offending.append((cycle_id, f"{names[cycle_id]}: pass rate {shown}"))
    return RegisterFinding(
        model="testing.testcycle",
        record_ids=[c for c, _ in offending],
        labels=[label for _, label in offending],
        rule=f"passed / executed in-scope scenarios < {min_rate:g} %",
    )


@condition("acceptance_workstreams_not_signed_off")
def acceptance_workstreams_not_signed_off(programme) -> RegisterFinding:
    """Workstreams with scenarios in an acceptance cycle whose process owner has not signed
    that cycle off (a signature meaning approved or waived)."""
    missing = services.workstreams_without_signoff(programme)
    return RegisterFinding(
        model="programmes.workstream",
        record_ids=[workstream.id for _, workstream in missing],
        labels=[f"{cycle.name}: {workstream.name}" for cycle, workstream in missing],
        rule="no CycleSignOff(cycle, workstream) with meaning approved or waived",
    )
