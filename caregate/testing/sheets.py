"""Scenarios, executions and defects as spreadsheets, with the engine's all-or-nothing import.

* "test-scenarios": one row per scenario keyed by Reference (SC-0001). Odoo apps are a
  comma-separated list. Steps are not part of the sheet.
  TODO: steps in a second sheet; the engine reads one sheet per register today.
* "test-executions": one row per run keyed by Run ID (any stable text the test tool
  gives, e.g. "UAT1-0042"), with the Cycle by name and the Scenario by reference.
  A run for a scenario outside the cycle's scope, an unknown cycle or scenario is a
  problem naming the Run ID; nothing is stored then.
* "test-defects": one row per defect keyed by Reference (DEF-0001), the Scenario by
  reference. Severity 1 (critical) to 4 (low). Closing a defect is refused here: it
  needs the retest check of caregate.testing.services.change_defect_status.

Cross-record checks (cycle, scenario, scope) need the programme, which the engine's
``check`` hook does not receive; they run in ``write``, inside the import's
transaction, and raise ImportRejected with every problem — so nothing is stored.
Registered from TestingConfig.ready().
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from caregate.spreadsheets.problems import ImportRejected, Problem
from caregate.spreadsheets.schema import (
    Column,
    SheetSchema,
    choices_from,
    default_apply,
    default_write,
    register_schema,
)
from caregate.testing.models import (
    Defect,
    DefectPriority,
    DefectStatus,
    Execution,
    ExecutionResult,
    Scenario,
    ScenarioPriority,
    TestCycle,
)
from caregate.testing.services import not_in_cycle_message

# --- scenarios ------------------------------------------------------------------------------

SCENARIO_COLUMNS = (
    Column("Reference", "reference", "text", required=True, help="Stable key, e.g. SC-0001."),
    Column("Title", "title", "text", required=True, width=40, max_length=200),
    Column("Workstream", "workstream", "workstream", required=True, width=30),
    Column("Process owner", "process_owner", "person", width=24),
    Column("Odoo apps", "odoo_apps", "text", width=30, help="Comma-separated, e.g. Purchase."),
    Column("Priority", "priority", "choice", choices=choices_from(ScenarioPriority)),
    Column("Description", "description", "text", width=60),
)


def scenario_rows(programme):
    for scenario in (
        Scenario.objects.filter(programme=programme)
        .select_related("workstream", "process_owner")
        .order_by("reference")
    ):
        yield {
            "reference": scenario.reference,
            "title": scenario.title,
            "workstream": scenario.workstream,
            "process_owner": scenario.process_owner,
            "odoo_apps": ", ".join(scenario.odoo_apps),
            "priority": scenario.priority,
            "description": scenario.description,
        }


def apply_scenario_row(programme, values, existing, batch):
    values = dict(values)
    values["odoo_apps"] = [
        app.strip() for app in (values.get("odoo_apps") or "").split(",") if app.strip()
    ]
    values["priority"] = values.get("priority") or ScenarioPriority.MEDIUM
    return default_apply(SCENARIOS, programme, values, existing)


SCENARIOS = register_schema(
    SheetSchema(
        key="test-scenarios",
        title="Test scenarios",
        sheet_name="Scenarios",
        model=Scenario,
        key_columns=("reference",),
        columns=SCENARIO_COLUMNS,
        rows=scenario_rows,
        apply=apply_scenario_row,
        description="The scenario library: what the programme must prove in test.",
    )
)


# --- executions -----------------------------------------------------------------------------

EXECUTION_COLUMNS = (
    Column("Run ID", "external_key", "text", required=True, max_length=300, help="Stable key."),
    Column("Cycle", "cycle", "text", required=True, width=30, help="The cycle's name."),
    Column("Scenario", "scenario", "text", required=True, help="Scenario reference, SC-0001."),
    Column("Tester", "tester", "person", width=24),
    Column("Executed on", "executed_at", "date", required=True),
    Column("Result", "result", "choice", required=True, choices=choices_from(ExecutionResult)),
    Column("Evidence", "evidence", "text", width=50),
    Column("Odoo references", "odoo_references", "text", width=40),
)


def run_id(execution: Execution) -> str:
    """The Run ID a spreadsheet uses: the imported key, or RUN-<id> for runs recorded here."""
    return execution.external_key or f"RUN-{execution.pk}"


def execution_rows(programme):
    for execution in (
        Execution.objects.filter(cycle__programme=programme)
        .select_related("cycle", "scenario", "tester")
        .order_by("pk")
    ):
        yield {
            "external_key": run_id(execution),
            "cycle": execution.cycle.name,
            "scenario": execution.scenario.reference,
            "tester": execution.tester,
            "executed_at": timezone.localtime(execution.executed_at).date(),
            "result": execution.result,
            "evidence": execution.evidence,
            "odoo_references": execution.odoo_references,
        }


def stored_executions(programme, batch):
    """Runs with a Run ID, by it; the cycles, scenarios and scopes for apply() and write()."""
    batch.state["cycles"] = {
        cycle.name.casefold(): cycle for cycle in TestCycle.objects.filter(programme=programme)
    }
    batch.state["scenarios"] = {
        s.reference.upper(): s for s in Scenario.objects.filter(programme=programme)
    }
    batch.state["scope"] = set(
        TestCycle.scenarios.through.objects.filter(testcycle__programme=programme).values_list(
            "testcycle_id", "scenario_id"
        )
    )
    batch.state["problems"] = []
    return {
        EXECUTIONS.key_of({"external_key": run_id(e)}): e
        for e in Execution.objects.filter(cycle__programme=programme)
    }


def _noon(day: dt.date) -> dt.datetime:
    """A run recorded by day: noon in the site's time, so the date reads the same everywhere."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def apply_execution_row(programme, values, existing, batch):
    key = values["external_key"]
    cycle = batch.state["cycles"].get(values["cycle"].casefold())
    scenario = batch.state["scenarios"].get(values["scenario"].strip().upper())
    problems = batch.state["problems"]
    if cycle is None:
        problems.append(f"Run {key}: no test cycle named {values['cycle']!r}")
    if scenario is None:
        problems.append(f"Run {key}: no scenario {values['scenario']!r}")
    if cycle and scenario and (cycle.id, scenario.id) not in batch.state["scope"]:
        problems.append(f"Run {key}: " + not_in_cycle_message(scenario, cycle))
    values = dict(values)
    if existing is not None and not existing.external_key and key == run_id(existing):
        values["external_key"] = ""  # a run recorded here keeps its derived RUN-<id>
    values["cycle"], values["scenario"] = cycle, scenario
    values["executed_at"] = _noon(values["executed_at"])
    if existing is not None and timezone.localtime(existing.executed_at).date() == (
        values["executed_at"].date()
    ):
        values["executed_at"] = existing.executed_at  # same day: keep the recorded time
    if cycle is None or scenario is None:
        return Execution(external_key=key), {"external_key": (None, key)}
    # Execution has no programme field (default_apply would set one on a new record).
    instance, changes = default_apply(EXECUTIONS, programme, values, existing or Execution())
    if existing is None:
        changes = {
            name: (None, value.pk if hasattr(value, "pk") else value)
            for name, value in values.items()
        }
    return instance, changes


def _reject_collected(batch, filename_hint: str):
    problems = batch.state.get("problems") or []
    if problems:
        raise ImportRejected([Problem(filename_hint, message) for message in problems])


def write_executions(batch, created, updated):
    _reject_collected(batch, "test-executions")
    default_write(EXECUTIONS, batch, created, updated)


EXECUTIONS = register_schema(
    SheetSchema(
        key="test-executions",
        title="Test executions",
        sheet_name="Executions",
        model=Execution,
        key_columns=("external_key",),
        columns=EXECUTION_COLUMNS,
        rows=execution_rows,
        apply=apply_execution_row,
        stored=stored_executions,
        write=write_executions,
        description="Runs of scenarios in test cycles, with result and evidence.",
    )
)


# --- defects --------------------------------------------------------------------------------

DEFECT_COLUMNS = (
    Column("Reference", "reference", "text", required=True, help="Stable key, e.g. DEF-0001."),
    Column("Title", "title", "text", required=True, width=40, max_length=200),
    Column("Severity", "severity", "integer", required=True, help="1 critical to 4 low."),
    Column("Priority", "priority", "choice", choices=choices_from(DefectPriority)),
    Column("Status", "status", "choice", choices=choices_from(DefectStatus), width=22),
    Column("Owner", "owner", "person", width=24),
    Column("Scenario", "scenario", "text", help="Scenario reference, SC-0001."),
    Column("Workaround", "workaround", "text", width=40),
    Column("Workaround agreed", "workaround_agreed", "boolean"),
    Column("Description", "description", "text", width=60),
)


def defect_rows(programme):
    for defect in (
        Defect.objects.filter(programme=programme)
        .select_related("owner", "scenario")
        .order_by("reference")
    ):
        yield {
            "reference": defect.reference,
            "title": defect.title,
            "severity": defect.severity,
            "priority": defect.priority,
            "status": defect.status,
            "owner": defect.owner,
            "scenario": defect.scenario.reference if defect.scenario else "",
            "workaround": defect.workaround,
            "workaround_agreed": defect.workaround_agreed,
            "description": defect.description,
        }


def check_defects(rows):
    return [
        (row.number, "Severity", f"{row.values['severity']} is not a severity: use 1 to 4")
        for row in rows
        if row.values.get("severity") not in (1, 2, 3, 4)
    ]


def stored_defects(programme, batch):
    batch.state["scenarios"] = {
        s.reference.upper(): s for s in Scenario.objects.filter(programme=programme)
    }
    batch.state["problems"] = []
    return {
        DEFECTS.key_of({"reference": d.reference}): d
        for d in Defect.objects.filter(programme=programme)
    }


def apply_defect_row(programme, values, existing, batch):
    values = dict(values)
    reference = values.get("scenario") or ""
    values["scenario"] = batch.state["scenarios"].get(reference.strip().upper())
    if reference and values["scenario"] is None:
        batch.state["problems"].append(f"Defect {values['reference']}: no scenario {reference!r}")
    values["status"] = values.get("status") or DefectStatus.OPEN
    values["priority"] = values.get("priority") or DefectPriority.NORMAL
    values["workaround_agreed"] = bool(values.get("workaround_agreed"))
    was_closed = existing is not None and existing.status == DefectStatus.CLOSED
    if values["status"] == DefectStatus.CLOSED and not was_closed:
        batch.state["problems"].append(
            f"Defect {values['reference']}: close it on its page, where the retest is checked"
        )
    return default_apply(DEFECTS, programme, values, existing)


def write_defects(batch, created, updated):
    _reject_collected(batch, "test-defects")
    default_write(DEFECTS, batch, created, updated)


DEFECTS = register_schema(
    SheetSchema(
        key="test-defects",
        title="Defects",
        sheet_name="Defects",
        model=Defect,
        key_columns=("reference",),
        columns=DEFECT_COLUMNS,
        rows=defect_rows,
        apply=apply_defect_row,
        stored=stored_defects,
        write=write_defects,
        check=check_defects,
        description="Defects found in test: severity, owner, status through fix and retest.",
    )
)
