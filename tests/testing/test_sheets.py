"""Spreadsheet import of scenarios, executions and defects: all or nothing, row problems."""

from __future__ import annotations

import pytest

from caregate.spreadsheets.exporter import export_csv
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from caregate.testing.models import Defect, Execution, Scenario

from .conftest import make_scenarios

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_scenarios_import_with_odoo_apps_as_a_list(programme, grace, users):
    data = _csv(
        "Reference,Title,Workstream,Process owner,Odoo apps,Priority,Description",
        'SC-0001,Receive stock,procurement-supply,Grace,"Purchase, Inventory",High,',
        "SC-0002,Pay bills,finance-revenue,,Accounting,,Monthly",
    )

    run = import_file("test-scenarios", data, "scenarios.csv", programme, users["pmo"])

    assert (run.created, run.updated) == (2, 0)
    first, second = Scenario.objects.filter(programme=programme).order_by("reference")
    assert (first.odoo_apps, first.priority, first.process_owner) == (
        ["Purchase", "Inventory"],
        "high",
        grace,
    )
    assert (second.priority, second.description) == ("medium", "Monthly")
    exported = export_csv("test-scenarios", programme).decode("utf-8-sig")
    assert '"Purchase, Inventory"' in exported


def test_executions_import_and_reimport_by_run_id(programme, uat, users):
    data = _csv(
        "Run ID,Cycle,Scenario,Tester,Executed on,Result,Evidence,Odoo references",
        "R1,UAT 1,SC-0101,,2026-05-04,Passed,,PO00042",
        "R2,uat 1,sc-0102,,2026-05-04,Failed,screenshot,",
    )

    run = import_file("test-executions", data, "runs.csv", programme, users["pmo"])
    again = import_file(
        "test-executions", data.replace(b"Failed", b"Passed"), "runs.csv", programme, users["pmo"]
    )

    assert (run.created, again.created, again.updated) == (2, 0, 1)
    assert sorted(Execution.objects.values_list("external_key", "result")) == [
        ("R1", "passed"),
        ("R2", "passed"),
    ]


def test_a_run_outside_the_cycle_or_unknown_is_a_problem_and_nothing_is_stored(
    programme, uat, users
):
    make_scenarios(programme, 1, start=900)
    data = _csv(
        "Run ID,Cycle,Scenario,Tester,Executed on,Result,Evidence,Odoo references",
        "R1,UAT 1,SC-0101,,2026-05-04,Passed,,",
        "R2,UAT 1,SC-0900,,2026-05-04,Passed,,",
        "R3,UAT 9,SC-0101,,2026-05-04,Passed,,",
        "R4,UAT 1,SC-0999,,2026-05-04,Bogus,,",
    )

    with pytest.raises(ImportRejected) as rejected:
        import_file("test-executions", data, "runs.csv", programme, users["pmo"])

    messages = [str(problem) for problem in rejected.value.problems]
    assert len(messages) == 1 and "Result" in messages[0]  # row 5: cell problems come first
    data = data.replace(b"Bogus", b"Blocked")
    with pytest.raises(ImportRejected) as rejected:
        import_file("test-executions", data, "runs.csv", programme, users["pmo"])
    assert [problem.message for problem in rejected.value.problems] == [
        "Run R2: scenario SC-0900 is not in scope of cycle 'UAT 1'; add it to the cycle "
        "before recording a run",
        "Run R3: no test cycle named 'UAT 9'",
        "Run R4: no scenario 'SC-0999'",
    ]
    assert Execution.objects.count() == 0


def test_defects_import_checks_severity_and_refuses_closing(programme, uat, users):
    header = (
        "Reference,Title,Severity,Priority,Status,Owner,Scenario,Workaround,"
        "Workaround agreed,Description"
    )
    good = _csv(header, "DEF-0001,Pick error,2,High,Open,,SC-0101,Manual,yes,")

    run = import_file("test-defects", good, "defects.csv", programme, users["pmo"])

    defect = Defect.objects.get()
    assert run.created == 1
    assert (defect.severity, defect.scenario.reference, defect.workaround_agreed) == (
        2,
        "SC-0101",
        True,
    )
    bad = _csv(
        header,
        "DEF-0001,Pick error,2,High,Closed,,SC-0101,Manual,yes,",
        "DEF-0002,Other,7,,,,,,,",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file("test-defects", bad, "defects.csv", programme, users["pmo"])
    assert [(p.row, p.message) for p in rejected.value.problems] == [
        (3, "7 is not a severity: use 1 to 4")
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_file("test-defects", bad.replace(b",7,", b",3,"), "d.csv", programme, users["pmo"])
    assert [p.message for p in rejected.value.problems] == [
        "Defect DEF-0001: close it on its page, where the retest is checked"
    ]
    assert Defect.objects.get().status == "open"
    assert Defect.objects.count() == 1


def test_runs_recorded_in_caregate_export_with_a_run_id_and_import_back_unchanged(
    programme, uat, users
):
    from caregate.testing.services import record_execution

    scenario = Scenario.objects.get(programme=programme, reference="SC-0101")
    recorded = record_execution(uat, scenario, users["pmo"], result="failed")

    exported = export_csv("test-executions", programme)
    run = import_file("test-executions", exported, "runs.csv", programme, users["pmo"])

    assert f"RUN-{recorded.pk},UAT 1,SC-0101" in exported.decode("utf-8-sig")
    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    assert Execution.objects.count() == 1


def test_an_api_key_for_an_unknown_programme_is_a_one_line_exit_2(programme):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no programme with key 'nope'") as error:
        call_command("testing_api_key", "nope", "ci")

    assert error.value.returncode == 2
