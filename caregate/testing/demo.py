"""Demo test management for the Northbridge programme: SIT done, UAT under way for wave 1.

Forty scenarios (the seven continuity scenarios and 33 more), a completed system
integration cycle and an acceptance cycle in progress at the wave-1 hospital, about
three hundred runs and sixty defects. One severity-1 defect is still open — the lot
on quality hold can still be picked for a ward (DEF-0001) — and several scenarios have
not been run in acceptance, so the migration-and-test gate has testing reasons to fail,
and no process owner has signed acceptance off yet.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from caregate.testing.models import (
    CycleKind,
    CycleStatus,
    Defect,
    Execution,
    Scenario,
    ScenarioStep,
    TestCycle,
)
from caregate.testing.services import ensure_default_scenarios

logger = logging.getLogger(__name__)

OWNERS = {
    "procurement-supply": "Grace Lindqvist",
    "finance-revenue": "Samuel Adeyemi",
    "workforce": "Ines Duarte",
    "support-service": "Kofi Mensah",
}

# (workstream key, title, Odoo apps, priority)
EXTRA_SCENARIOS = (
    ("procurement-supply", "Replenish a ward from the central store", ["Inventory"], "high"),
    ("procurement-supply", "Order a non-catalogue item", ["Purchase"], "medium"),
    ("procurement-supply", "Recall a lot across sites", ["Inventory", "Quality"], "high"),
    ("procurement-supply", "Count stock in a theatre store", ["Inventory"], "medium"),
    ("procurement-supply", "Receive consignment stock", ["Inventory", "Purchase"], "medium"),
    ("procurement-supply", "Expire short-dated lots", ["Inventory"], "high"),
    ("procurement-supply", "Approve a purchase above the tier limit", ["Purchase"], "medium"),
    ("procurement-supply", "Transfer stock between sites", ["Inventory"], "medium"),
    ("procurement-supply", "Receive a partial delivery", ["Purchase", "Inventory"], "medium"),
    ("finance-revenue", "Pay a supplier run", ["Accounting"], "high"),
    ("finance-revenue", "Book a credit note against a bill", ["Accounting"], "medium"),
    ("finance-revenue", "Charge a patient service to an insurer", ["Sales"], "high"),
    ("finance-revenue", "Allocate costs to departments", ["Accounting"], "medium"),
    ("finance-revenue", "Report VAT for the quarter", ["Accounting"], "high"),
    ("finance-revenue", "Handle a foreign-currency bill", ["Accounting"], "low"),
    ("finance-revenue", "Write off a bad debt", ["Accounting"], "low"),
    ("finance-revenue", "Run the budget versus actual report", ["Accounting"], "medium"),
    ("workforce", "Onboard a new nurse", ["Employees"], "medium"),
    ("workforce", "Swap a shift between two staff", ["Planning"], "medium"),
    ("workforce", "Cover a night shift at short notice", ["Planning"], "high"),
    ("workforce", "Record mandatory training", ["Employees"], "medium"),
    ("workforce", "Plan agency staff", ["Planning", "Project"], "low"),
    ("workforce", "Offboard a leaver", ["Employees"], "medium"),
    ("workforce", "Plan theatre teams for a week", ["Planning"], "high"),
    ("support-service", "Plan preventive maintenance of a scanner", ["Maintenance"], "high"),
    ("support-service", "Log a broken infusion pump", ["Helpdesk", "Maintenance"], "high"),
    ("support-service", "Report facilities work in a ward", ["Helpdesk"], "medium"),
    ("support-service", "Track a contractor's job", ["Project"], "low"),
    ("support-service", "Close a ticket after a customer survey", ["Helpdesk"], "low"),
    ("support-service", "Escalate a repeated equipment failure", ["Helpdesk"], "medium"),
    ("support-service", "Retire an asset", ["Maintenance"], "low"),
    ("support-service", "Handle an out-of-hours call", ["Helpdesk"], "high"),
    ("support-service", "Calibrate laboratory equipment", ["Maintenance"], "medium"),
)

DEFECT_TITLES = (
    "Wrong unit of measure on receipt",
    "Approval mail not sent",
    "Lot not shown on picking",
    "Report totals differ from ledger",
    "Shift overlaps not flagged",
    "Ticket assigned to the wrong team",
    "Access error for ward manager",
    "Price not taken from vendor line",
    "Date shown in the wrong time zone",
    "Translation missing on form",
)


def build_demo_testing(programme, people, as_of: dt.datetime) -> None:
    """Add scenarios, a SIT and a UAT cycle for wave 1, their runs and sixty defects."""
    rng = random.Random(5)
    ensure_default_scenarios(programme)
    workstreams = {ws.key: ws for ws in programme.workstreams.all()}
    start = Scenario.objects.filter(programme=programme).count() + 1
    extra = Scenario.objects.bulk_create(
        Scenario(
            programme=programme,
            reference=f"SC-{number:04d}",
            title=title,
            workstream=workstreams[ws_key],
            process_owner=people[OWNERS[ws_key]],
            odoo_apps=apps,
            priority=priority,
        )
        for number, (ws_key, title, apps, priority) in enumerate(EXTRA_SCENARIOS, start=start)
    )
    ScenarioStep.objects.bulk_create(
        ScenarioStep(
            scenario=scenario,
            order=order,
            action=f"Step {order} of '{scenario.title}'.",
            expected_result="The result matches the agreed process.",
        )
        for scenario in extra
        for order in (1, 2, 3)
    )
    scenarios = list(Scenario.objects.filter(programme=programme).order_by("reference"))
    wave = programme.waves.get(number=1)
    site = wave.sites.order_by("name").first()
    tester = people["Anja Petrovic"]
    sit = TestCycle.objects.create(
        programme=programme,
        kind=CycleKind.SYSTEM_INTEGRATION,
        name="SIT wave 1",
        wave=wave,
        site=site,
        planned_start=(as_of - dt.timedelta(days=50)).date(),
        planned_end=(as_of - dt.timedelta(days=22)).date(),
        status=CycleStatus.COMPLETED,
    )
    uat = TestCycle.objects.create(
        programme=programme,
        kind=CycleKind.ACCEPTANCE,
        name="UAT wave 1",
        wave=wave,
        site=site,
        planned_start=(as_of - dt.timedelta(days=14)).date(),
        planned_end=(as_of + dt.timedelta(days=10)).date(),
        status=CycleStatus.IN_PROGRESS,
    )
    sit.scenarios.set(scenarios)
    uat.scenarios.set(scenarios)
    executions = []
    for cycle, begin, days, not_run in ((sit, 50, 28, 0), (uat, 14, 14, 6)):
        for scenario in scenarios[: len(scenarios) - not_run]:
            runs = rng.choice((3, 4, 4, 5, 6)) if cycle is sit else rng.choice((1, 2, 3, 4, 5))
            moments = sorted(rng.uniform(0, days) for _ in range(runs))
            for index, offset in enumerate(moments):
                last = index == runs - 1
                if last and cycle is sit:
                    result = "passed"
                elif last:
                    result = rng.choices(("passed", "failed", "blocked"), (8, 1, 1))[0]
                else:
                    result = rng.choices(("failed", "blocked", "passed"), (5, 2, 3))[0]
                executions.append(
                    Execution(
                        cycle=cycle,
                        scenario=scenario,
                        tester=tester if index % 2 else scenario.process_owner or tester,
                        executed_at=as_of - dt.timedelta(days=begin) + dt.timedelta(days=offset),
                        result=result,
                        evidence="Screenshots in the test share." if result != "passed" else "",
                    )
                )
    executions = Execution.objects.bulk_create(executions)
    failures = [execution for execution in executions if execution.result == "failed"]
    defects = []
    for number in range(1, 61):
        found = failures[(number * 7) % len(failures)]
        if number == 1:
            severity, status = 1, "in_fix"
            title = "Lot on quality hold can still be picked for a ward"
            found = next((e for e in failures if "quality hold" in e.scenario.title), found)
        else:
            severity = rng.choices((1, 2, 3, 4), (2, 10, 25, 23))[0]
            status = (
                "closed"
                if severity == 1
                else rng.choice(
                    ("open", "in_fix", "fixed", "closed", "closed", "closed", "rejected")
                )
            )
            title = DEFECT_TITLES[number % len(DEFECT_TITLES)]
        fixed_at = (
            found.executed_at + dt.timedelta(hours=6) if status in ("fixed", "closed") else None
        )
        defects.append(
            Defect(
                programme=programme,
                reference=f"DEF-{number:04d}",
                title=title,
                severity=severity,
                priority="urgent" if severity == 1 else rng.choice(("high", "normal", "low")),
                owner=found.scenario.process_owner,
                scenario=found.scenario,
                found_by=found,
                status=status,
                fixed_at=fixed_at,
                workaround="Manual check by the ward manager." if severity == 2 else "",
                workaround_agreed=severity == 2 and number % 3 != 0,
            )
        )
    Defect.objects.bulk_create(defects)
    logger.info(
        "demo testing: %s scenarios, %s executions, %s defects",
        len(scenarios),
        len(executions),
        len(defects),
    )
