"""Business rules of test management: scenarios, cycles, executions, defects and sign-offs.

Status of a scenario in a cycle
-------------------------------
Computed from the scenario's executions in that cycle, never typed:

* no execution: ``not_run``;
* a failed run with no *later* passed run: ``failed`` — a failure is only cleared by a pass,
  so a blocked run after a failure leaves the scenario failed;
* otherwise the latest run decides: ``passed`` or ``blocked``.

"Later" compares ``executed_at``. When runs share the same instant the conservative
reading wins: failed before blocked before passed.

Exit-criteria thresholds (programme.evidence_settings["testing"])
------------------------------------------------------------------
* ``max_open_severity2`` (default 5): how many severity-2 defects may stay open at the
  migration-and-test gate, each with an agreed workaround;
* ``min_pass_rate`` (default 95): the percentage of executed in-scope scenarios of each
  acceptance cycle whose status is passed.

Closing a defect
----------------
A defect is marked ``fixed`` (``fixed_at`` set) when the fix is delivered; it can only
be ``closed`` once an execution of its scenario, in any cycle, passed after ``fixed_at``.
A defect with no scenario cannot be closed by retest: link a scenario or reject it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from caregate.audit.services import audited_create, audited_update, field_values, record
from caregate.audit.signatures import check_signer, record_signature, refuse
from caregate.programmes.models import Person, Programme, Role, Workstream
from caregate.testing.defaults import CONTINUITY_SCENARIOS
from caregate.testing.models import (
    ApiKey,
    CycleKind,
    CycleSignOff,
    Defect,
    DefectStatus,
    Execution,
    ExecutionResult,
    Scenario,
    ScenarioStep,
    TestCycle,
)

logger = logging.getLogger(__name__)

SETTINGS_KEY = "testing"
DEFAULT_MAX_OPEN_SEVERITY2 = 5
DEFAULT_MIN_PASS_RATE = 95.0

PASSED, FAILED, BLOCKED, NOT_RUN = "passed", "failed", "blocked", "not_run"
STATUSES = (PASSED, FAILED, BLOCKED, NOT_RUN)

#: Signature meanings that count as a process owner's sign-off of a cycle.
SIGNOFF_MEANINGS = ("approved", "waived")


class TestingRefused(ValueError):
    """A change to the test records that breaks a rule; the message says which and why."""

    __test__ = False


# --- settings -------------------------------------------------------------------------------


def exit_thresholds(programme: Programme) -> tuple[int, float]:
    """(max open severity-2 defects, minimum pass rate in %) with the documented defaults."""
    values = (programme.evidence_settings or {}).get(SETTINGS_KEY) or {}
    try:
        max_sev2 = int(values.get("max_open_severity2", DEFAULT_MAX_OPEN_SEVERITY2))
    except (TypeError, ValueError):
        max_sev2 = DEFAULT_MAX_OPEN_SEVERITY2
    try:
        min_rate = float(values.get("min_pass_rate", DEFAULT_MIN_PASS_RATE))
    except (TypeError, ValueError):
        min_rate = DEFAULT_MIN_PASS_RATE
    return max_sev2, min_rate


# --- references -----------------------------------------------------------------------------


def next_reference(model, programme: Programme, prefix: str) -> str:
    """The next free PREFIX-NNNN reference of the programme (one query)."""
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.IGNORECASE)
    numbers = [
        int(match.group(1))
        for reference in model.objects.filter(
            programme=programme, reference__istartswith=prefix
        ).values_list("reference", flat=True)
        if (match := pattern.match(reference))
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# --- scenarios ------------------------------------------------------------------------------


@transaction.atomic
def create_scenario(
    programme: Programme,
    actor,
    *,
    title: str,
    workstream: Workstream,
    steps: Iterable[tuple[str, str]] = (),
    reference: str = "",
    reason: str = "",
    **values: Any,
) -> Scenario:
    """Create a scenario with its ordered steps (each (action, expected result)), audited."""
    if workstream.programme_id != programme.id:
        raise TestingRefused(f"workstream {workstream} belongs to another programme")
    scenario = Scenario(
        programme=programme,
        reference=reference or next_reference(Scenario, programme, "SC-"),
        title=title,
        workstream=workstream,
        **values,
    )
    if Scenario.objects.filter(programme=programme, reference=scenario.reference).exists():
        raise TestingRefused(f"scenario reference {scenario.reference} is already used")
    audited_create(scenario, actor, reason)
    ScenarioStep.objects.bulk_create(
        ScenarioStep(scenario=scenario, order=order, action=action, expected_result=expected)
        for order, (action, expected) in enumerate(steps, start=1)
    )
    return scenario


@transaction.atomic
def ensure_default_scenarios(programme: Programme, actor=None) -> int:
    """Add the seven continuity scenarios unless the programme already has them; how many added.

    Runs lazily (scenario list page, demo): a programme that deleted or changed a
    pre-filled scenario keeps its choice, because nothing is added once any default exists.
    """
    if Scenario.objects.filter(programme=programme, is_default=True).exists():
        return 0
    workstreams = {ws.key: ws for ws in programme.workstreams.all()}
    owners = {
        assignment.workstream_id: assignment.person
        for assignment in _process_owner_assignments(programme)
    }
    added = 0
    for spec in CONTINUITY_SCENARIOS:
        workstream = workstreams.get(spec["workstream"])
        if workstream is None:
            continue  # the programme renamed or dropped that workstream
        create_scenario(
            programme,
            actor,
            title=spec["title"],
            workstream=workstream,
            steps=spec["steps"],
            odoo_apps=list(spec["odoo_apps"]),
            priority=spec["priority"],
            process_owner=owners.get(workstream.id),
            is_default=True,
            reason="pre-filled continuity scenario",
        )
        added += 1
    logger.info("programme %s: %s continuity scenarios pre-filled", programme.key, added)
    return added


def _process_owner_assignments(programme: Programme):
    from caregate.programmes.models import RoleAssignment

    return RoleAssignment.objects.filter(
        person__programme=programme, role=Role.PROCESS_OWNER, workstream__isnull=False
    ).select_related("person")


# --- cycles ---------------------------------------------------------------------------------


@transaction.atomic
def create_cycle(
    programme: Programme,
    actor,
    *,
    name: str,
    kind: str,
    scenarios: Iterable[Scenario] = (),
    reason: str = "",
    **values: Any,
) -> TestCycle:
    """Plan a cycle with the scenarios in scope, audited."""
    if kind not in CycleKind.values:
        raise TestingRefused(f"unknown cycle kind {kind!r} (use {', '.join(CycleKind.values)})")
    scenarios = list(scenarios)
    if any(scenario.programme_id != programme.id for scenario in scenarios):
        raise TestingRefused("a scenario in scope belongs to another programme")
    cycle = TestCycle(programme=programme, name=name, kind=kind, **values)
    audited_create(cycle, actor, reason)
    if scenarios:
        cycle.scenarios.add(*scenarios)
        record(
            actor,
            "update",
            cycle,
            changes={"scenarios": [[], sorted(s.reference for s in scenarios)]},
            reason=reason,
        )
    return cycle


# --- executions -----------------------------------------------------------------------------


def not_in_cycle_message(scenario: Scenario | str, cycle: TestCycle) -> str:
    reference = scenario if isinstance(scenario, str) else scenario.reference
    return (
        f"scenario {reference} is not in scope of cycle {cycle.name!r}; "
        "add it to the cycle before recording a run"
    )


@transaction.atomic
def record_execution(
    cycle: TestCycle,
    scenario: Scenario,
    actor,
    *,
    result: str,
    executed_at=None,
    reason: str = "",
    **values: Any,
) -> Execution:
    """Record one run of a scenario in a cycle, audited; refused when out of scope."""
    if result not in ExecutionResult.values:
        raise TestingRefused(f"unknown result {result!r} (use passed, failed or blocked)")
    if not cycle.scenarios.filter(pk=scenario.pk).exists():
        raise TestingRefused(not_in_cycle_message(scenario, cycle))
    execution = Execution(
        cycle=cycle,
        scenario=scenario,
        result=result,
        executed_at=executed_at or timezone.now(),
        **values,
    )
    audited_create(execution, actor, reason)
    return execution


def status_from_latest(last_passed, last_failed, last_blocked) -> str:
    """The scenario status from the latest passed, failed and blocked run times (see module)."""
    if last_failed is not None and (last_passed is None or last_failed >= last_passed):
        return FAILED
    if last_passed is None and last_blocked is None:
        return NOT_RUN
    if last_blocked is not None and (last_passed is None or last_blocked >= last_passed):
        return BLOCKED
    return PASSED


def _latest_runs(executions) -> dict[tuple[int, int], str]:
    """{(cycle id, scenario id): status} from one grouped query over the executions."""
    rows = executions.values("cycle_id", "scenario_id").annotate(
        last_passed=Max("executed_at", filter=Q(result=PASSED)),
        last_failed=Max("executed_at", filter=Q(result=FAILED)),
        last_blocked=Max("executed_at", filter=Q(result=BLOCKED)),
    )
    return {
        (row["cycle_id"], row["scenario_id"]): status_from_latest(
            row["last_passed"], row["last_failed"], row["last_blocked"]
        )
        for row in rows.order_by()
    }


def scenario_statuses(cycle: TestCycle) -> list[dict[str, Any]]:
    """Each in-scope scenario of the cycle with its computed status, by reference (2 queries)."""
    statuses = _latest_runs(Execution.objects.filter(cycle=cycle))
    rows = list(
        cycle.scenarios.order_by("reference").values(
            "id", "reference", "title", "workstream__name", "process_owner__name"
        )
    )
    for row in rows:
        row["status"] = statuses.get((cycle.id, row["id"]), NOT_RUN)
    return rows


@dataclass
class Coverage:
    """Scenario counts by status for one group (a cycle, a workstream, a site)."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))

    @property
    def in_scope(self) -> int:
        return sum(self.counts.values())

    @property
    def executed(self) -> int:
        return self.in_scope - self.counts[NOT_RUN]

    @property
    def pass_rate(self) -> float | None:
        """Passed among executed scenarios, in %; None when nothing ran."""
        return 100.0 * self.counts[PASSED] / self.executed if self.executed else None

    @property
    def executed_rate(self) -> float | None:
        return 100.0 * self.executed / self.in_scope if self.in_scope else None


@dataclass
class CoverageReport:
    """Coverage of a set of cycles, by cycle, by workstream and by site."""

    by_cycle: dict[int, Coverage]
    by_workstream: dict[int, Coverage]
    by_site: dict[int | None, Coverage]


def coverage(cycles) -> CoverageReport:
    """Coverage of the cycles (a queryset) in two aggregate queries, whatever their size.

    One query groups the executions by (cycle, scenario) for the latest run times; one
    reads the scope (cycle, scenario, workstream, site). Counting happens per scope row
    in Python, which is linear and needs no query per scenario.
    """
    cycle_ids = cycles.values("id")
    statuses = _latest_runs(Execution.objects.filter(cycle_id__in=cycle_ids))
    scope = TestCycle.scenarios.through.objects.filter(testcycle_id__in=cycle_ids).values_list(
        "testcycle_id",
        "testcycle__name",
        "testcycle__site_id",
        "testcycle__site__name",
        "scenario_id",
        "scenario__workstream_id",
        "scenario__workstream__name",
    )
    report = CoverageReport({}, {}, {})
    for cycle_id, cycle_name, site_id, site_name, scenario_id, ws_id, ws_name in scope:
        status = statuses.get((cycle_id, scenario_id), NOT_RUN)
        for groups, key, label in (
            (report.by_cycle, cycle_id, cycle_name),
            (report.by_workstream, ws_id, ws_name),
            (report.by_site, site_id, site_name or "-"),
        ):
            group = groups.get(key)
            if group is None:
                group = groups[key] = Coverage(label)
            group.counts[status] += 1
    return report


def workstream_coverage(cycle: TestCycle) -> dict[int, Coverage]:
    """Coverage of one cycle per workstream."""
    return coverage(TestCycle.objects.filter(pk=cycle.pk)).by_workstream


# --- defects --------------------------------------------------------------------------------


@transaction.atomic
def create_defect(
    programme: Programme,
    actor,
    *,
    title: str,
    severity: int,
    reference: str = "",
    reason: str = "",
    **values: Any,
) -> Defect:
    """Raise a defect, audited; the scenario defaults to that of the execution that found it."""
    if severity not in (1, 2, 3, 4):
        raise TestingRefused(f"severity must be 1 (critical) to 4 (low), not {severity!r}")
    found_by = values.get("found_by")
    if found_by is not None and values.get("scenario") is None:
        values["scenario"] = found_by.scenario
    if values.get("status") == DefectStatus.CLOSED:
        raise TestingRefused("a new defect cannot be closed: it needs a passed retest")
    defect = Defect(
        programme=programme,
        reference=reference or next_reference(Defect, programme, "DEF-"),
        title=title,
        severity=severity,
        **values,
    )
    audited_create(defect, actor, reason)
    return defect


def retest_passed_after_fix(defect: Defect) -> Execution | None:
    """The first passed execution of the defect's scenario after its fix, if any."""
    if defect.scenario_id is None or defect.fixed_at is None:
        return None
    return (
        Execution.objects.filter(
            scenario_id=defect.scenario_id, result=PASSED, executed_at__gt=defect.fixed_at
        )
        .order_by("executed_at", "id")
        .first()
    )


@transaction.atomic
def change_defect_status(defect: Defect, status: str, actor, reason: str = "", *, at=None):
    """Move a defect through fix and retest, audited; closing needs a passed retest."""
    if status not in DefectStatus.values:
        raise TestingRefused(f"unknown defect status {status!r}")
    before = field_values(defect, ["status", "fixed_at"])
    if status == DefectStatus.FIXED:
        defect.fixed_at = at or timezone.now()
    elif status == DefectStatus.CLOSED:
        if defect.scenario_id is None:
            raise TestingRefused(
                f"defect {defect.reference} has no scenario to retest: link one, or reject it"
            )
        if defect.fixed_at is None:
            raise TestingRefused(f"defect {defect.reference} is not marked fixed yet")
        retest = retest_passed_after_fix(defect)
        if retest is None:
            raise TestingRefused(
                f"defect {defect.reference} cannot be closed: no run of its scenario passed "
                f"after the fix of {defect.fixed_at:%Y-%m-%d %H:%M}"
            )
        reason = reason or f"retest passed: execution {retest.pk}"
    elif status == DefectStatus.REJECTED and not reason.strip():
        raise TestingRefused("rejecting a defect needs a reason")
    defect.status = status
    audited_update(defect, actor, before, reason)
    return defect


@transaction.atomic
def update_defect(defect: Defect, actor, reason: str = "", **values: Any) -> Defect:
    """Change a defect's details (not its status: see change_defect_status), audited."""
    if "status" in values:
        raise TestingRefused("change the status with change_defect_status")
    before = field_values(defect, values.keys())
    for name, value in values.items():
        setattr(defect, name, value)
    audited_update(defect, actor, before, reason)
    return defect


# --- sign-off -------------------------------------------------------------------------------


def sign_cycle(
    cycle: TestCycle,
    workstream: Workstream,
    user,
    password: str,
    meaning: str,
    reason: str = "",
    *,
    on_behalf_of=None,
) -> CycleSignOff:
    """A process owner signs off their workstream in an acceptance cycle, re-entering the password.

    Refusals (wrong password, signing for someone else, not the workstream's process
    owner, not an acceptance cycle) are committed to the audit trail and raise
    caregate.audit.signatures.SignatureRefused. Call outside any transaction.
    """
    attempted = {"meaning": meaning, "workstream": workstream.key}
    check_signer(user, password, cycle, on_behalf_of=on_behalf_of, **attempted)
    if cycle.kind != CycleKind.ACCEPTANCE:
        refuse(user, cycle, "only acceptance cycles are signed off", **attempted)
    person = Person.objects.filter(
        programme_id=cycle.programme_id,
        user=user,
        roles__role=Role.PROCESS_OWNER,
        roles__workstream=workstream,
    ).first()
    if person is None:
        refuse(user, cycle, f"not the process owner of {workstream.key}", **attempted)
    with transaction.atomic():
        signature = record_signature(
            user, cycle, meaning, reason, details={"workstream": workstream.key}
        )
        signoff = CycleSignOff(
            cycle=cycle,
            workstream=workstream,
            person=person,
            signature=signature,
            meaning=signature.meaning,
        )
        audited_create(signoff, user, reason)
    return signoff


def workstreams_without_signoff(programme: Programme) -> list[tuple[TestCycle, Workstream]]:
    """(acceptance cycle, workstream) pairs with scenarios in scope but no approving sign-off."""
    cycles = TestCycle.objects.filter(programme=programme, kind=CycleKind.ACCEPTANCE)
    scope = set(
        TestCycle.scenarios.through.objects.filter(testcycle__in=cycles)
        .values_list("testcycle_id", "scenario__workstream_id")
        .distinct()
    )
    signed = set(
        CycleSignOff.objects.filter(cycle__in=cycles, meaning__in=SIGNOFF_MEANINGS).values_list(
            "cycle_id", "workstream_id"
        )
    )
    missing = scope - signed
    cycle_by_id = {c.id: c for c in cycles.filter(id__in={c for c, _ in missing})}
    ws_by_id = {w.id: w for w in Workstream.objects.filter(id__in={w for _, w in missing})}
    return sorted(
        ((cycle_by_id[c], ws_by_id[w]) for c, w in missing),
        key=lambda pair: (pair[0].name, pair[1].order, pair[1].name),
    )


# --- API keys -------------------------------------------------------------------------------


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def create_api_key(programme: Programme, name: str, actor) -> tuple[ApiKey, str]:
    """Create a key for a CI pipeline; returns the record and the key, shown only this once."""
    key = "cgt_" + secrets.token_urlsafe(32)
    api_key = ApiKey(programme=programme, name=name, prefix=key[:10], key_hash=hash_key(key))
    audited_create(api_key, actor, "API key created")
    return api_key, key


def authenticate_api_key(key: str) -> ApiKey | None:
    """The active key matching ``key``, or None (compared by hash; the key is never stored)."""
    if not key:
        return None
    api_key = (
        ApiKey.objects.filter(key_hash=hash_key(key), is_active=True)
        .select_related("programme")
        .first()
    )
    if api_key is not None:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
    return api_key


def statuses_by_cycle(cycles) -> dict[int, dict[int, str]]:
    """{cycle id: {scenario id: status}} for in-scope scenarios of the cycles (two queries)."""
    cycle_ids = cycles.values("id")
    latest = _latest_runs(Execution.objects.filter(cycle_id__in=cycle_ids))
    result: dict[int, dict[int, str]] = defaultdict(dict)
    for cycle_id, scenario_id in TestCycle.scenarios.through.objects.filter(
        testcycle_id__in=cycle_ids
    ).values_list("testcycle_id", "scenario_id"):
        result[cycle_id][scenario_id] = latest.get((cycle_id, scenario_id), NOT_RUN)
    return result
