"""Scenario status, scope, coverage, defects and their retest rule, and the pre-filled scenarios."""

from __future__ import annotations

import pytest

from caregate.audit.services import history
from caregate.testing import services
from caregate.testing.models import Execution, Scenario, TestCycle
from caregate.testing.services import (
    TestingRefused,
    change_defect_status,
    create_defect,
    record_execution,
    status_from_latest,
)

from .conftest import at, make_scenarios

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "runs, expected",
    [
        ([], "not_run"),
        (["passed"], "passed"),
        (["blocked"], "blocked"),
        (["failed"], "failed"),
        (["failed", "passed"], "passed"),
        (["passed", "failed"], "failed"),
        (["failed", "blocked"], "failed"),  # a failure stays until a later pass
        (["failed", "blocked", "blocked"], "failed"),
        (["failed", "passed", "blocked"], "blocked"),  # after the pass, the latest decides
        (["passed", "blocked"], "blocked"),
        (["blocked", "passed"], "passed"),
    ],
)
def test_status_of_a_scenario_follows_its_runs(uat, scenarios, users, runs, expected):
    for hour, result in enumerate(runs):
        record_execution(uat, scenarios[0], users["pmo"], result=result, executed_at=at(hour))

    statuses = {row["reference"]: row["status"] for row in services.scenario_statuses(uat)}

    assert statuses == {
        "SC-0101": expected,
        "SC-0102": "not_run",
        "SC-0103": "not_run",
        "SC-0104": "not_run",
    }


def test_runs_at_the_same_instant_read_conservatively():
    assert status_from_latest(at(1), at(1), None) == "failed"
    assert status_from_latest(at(1), None, at(1)) == "blocked"


def test_a_run_for_a_scenario_outside_the_cycle_is_refused(programme, uat, users):
    outsider = make_scenarios(programme, 1, start=900)[0]

    with pytest.raises(TestingRefused, match="scenario SC-0900 is not in scope of cycle 'UAT 1'"):
        record_execution(uat, outsider, users["pmo"], result="passed")

    assert Execution.objects.count() == 0


def test_a_recorded_run_is_in_the_audit_trail(uat, scenarios, users):
    execution = record_execution(uat, scenarios[1], users["pmo"], result="failed", evidence="x")

    entry = history(execution).get()
    assert (entry.action, entry.actor, entry.changes["result"]) == (
        "create",
        users["pmo"],
        [None, "failed"],
    )


def test_coverage_counts_statuses_by_cycle_workstream_and_site(programme, uat, scenarios, users):
    site_less = TestCycle.objects.create(programme=programme, kind="sit", name="SIT 1")
    site_less.scenarios.set(scenarios[:2])
    record_execution(uat, scenarios[0], users["pmo"], result="passed", executed_at=at(1))
    record_execution(uat, scenarios[1], users["pmo"], result="failed", executed_at=at(1))
    record_execution(uat, scenarios[2], users["pmo"], result="blocked", executed_at=at(1))
    record_execution(site_less, scenarios[0], users["pmo"], result="failed", executed_at=at(2))

    report = services.coverage(TestCycle.objects.filter(programme=programme))

    assert report.by_cycle[uat.id].counts == {"passed": 1, "failed": 1, "blocked": 1, "not_run": 1}
    assert report.by_cycle[uat.id].pass_rate == pytest.approx(100 / 3)
    assert report.by_cycle[site_less.id].counts == {
        "passed": 0,
        "failed": 1,
        "blocked": 0,
        "not_run": 1,
    }
    by_ws = {cov.label: cov.counts for cov in report.by_workstream.values()}
    # SC-0101..0104 cycle over the four workstreams from index 101 % 4 = 1.
    assert sum(c["failed"] for c in by_ws.values()) == 2
    assert report.by_site[None].in_scope == 6


def test_coverage_takes_two_queries_whatever_the_size(programme, users, django_assert_num_queries):
    cycle = TestCycle.objects.create(programme=programme, kind="uat", name="Big")
    many = make_scenarios(programme, 60)
    cycle.scenarios.set(many)
    Execution.objects.bulk_create(
        Execution(cycle=cycle, scenario=s, result="passed", executed_at=at(1)) for s in many
    )

    with django_assert_num_queries(2):
        report = services.coverage(TestCycle.objects.filter(pk=cycle.pk))

    assert report.by_cycle[cycle.id].counts["passed"] == 60


def test_a_defect_closes_only_after_a_passed_retest_after_the_fix(uat, scenarios, users):
    pmo = users["pmo"]
    found = record_execution(uat, scenarios[0], pmo, result="failed", executed_at=at(1))
    defect = create_defect(uat.programme, pmo, title="Lot pickable", severity=1, found_by=found)
    assert (defect.reference, defect.scenario) == ("DEF-0001", scenarios[0])

    with pytest.raises(TestingRefused, match="not marked fixed yet"):
        change_defect_status(defect, "closed", pmo)
    change_defect_status(defect, "fixed", pmo, at=at(5))
    record_execution(uat, scenarios[0], pmo, result="passed", executed_at=at(4))  # before fix
    with pytest.raises(TestingRefused, match="no run of its scenario passed after the fix"):
        change_defect_status(defect, "closed", pmo)
    record_execution(uat, scenarios[0], pmo, result="failed", executed_at=at(6))
    with pytest.raises(TestingRefused):
        change_defect_status(defect, "closed", pmo)
    retest = record_execution(uat, scenarios[0], pmo, result="passed", executed_at=at(7))

    change_defect_status(defect, "closed", pmo)

    defect.refresh_from_db()
    assert defect.status == "closed"
    last = history(defect).first()
    assert last.changes == {"status": ["fixed", "closed"]}
    assert last.reason == f"retest passed: execution {retest.pk}"


def test_a_defect_without_scenario_cannot_be_closed_and_rejecting_needs_a_reason(programme, users):
    defect = create_defect(programme, users["pmo"], title="Loose", severity=3)
    change_defect_status(defect, "fixed", users["pmo"], at=at(1))

    with pytest.raises(TestingRefused, match="has no scenario to retest"):
        change_defect_status(defect, "closed", users["pmo"])
    with pytest.raises(TestingRefused, match="needs a reason"):
        change_defect_status(defect, "rejected", users["pmo"])
    change_defect_status(defect, "rejected", users["pmo"], "works as designed")
    assert defect.status == "rejected"


def test_severity_outside_1_to_4_is_refused(programme, users):
    with pytest.raises(TestingRefused, match="severity must be 1"):
        create_defect(programme, users["pmo"], title="x", severity=5)


def test_the_seven_continuity_scenarios_are_prefilled_once(programme, grace, users):
    assert services.ensure_default_scenarios(programme, users["pmo"]) == 7
    assert services.ensure_default_scenarios(programme, users["pmo"]) == 0

    scenarios = list(Scenario.objects.filter(programme=programme).order_by("reference"))
    assert [s.reference for s in scenarios] == [f"SC-{n:04d}" for n in range(1, 8)]
    assert [s.title for s in scenarios] == [
        "Receive urgent supplies",
        "Process a return to a supplier",
        "Reconcile supplier bills with orders and receipts",
        "Escalate a service issue",
        "Schedule staff",
        "Manage a quality hold on a lot",
        "Close the period",
    ]
    assert scenarios[0].process_owner == grace
    assert scenarios[0].steps.count() == 3
    assert all(s.is_default for s in scenarios)


def test_thresholds_fall_back_to_documented_defaults(programme):
    assert services.exit_thresholds(programme) == (5, 95.0)
    programme.evidence_settings = {"testing": {"max_open_severity2": 2, "min_pass_rate": "90"}}
    assert services.exit_thresholds(programme) == (2, 90.0)
    programme.evidence_settings = {"testing": {"max_open_severity2": "many"}}
    assert services.exit_thresholds(programme) == (5, 95.0)
