"""Spreadsheet round-trip of customizations and change requests; the log is export-only."""

import datetime as dt

import pytest

from caregate.customizations.models import Customization
from caregate.customizations.services import create_customization
from caregate.design_authority.models import ChangeRequest
from caregate.design_authority.services import create_change_request
from caregate.spreadsheets.exporter import export_file
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from tests.design_authority.factories import TODAY

pytestmark = pytest.mark.django_db

CUSTOMIZATION_HEADINGS = (
    "Reference,Title,Kind,Gaps served,Business owner,Test cases,Upgrade impact,Odoo versions,"
    "Status\n"
)


def test_customizations_export_then_import_changes_nothing(world):
    programme, people, gaps = world
    create_customization(
        programme,
        None,
        gaps=gaps,
        title="Cold-chain quarantine",
        kind="automation",
        business_owner=people["owner"],
        architecture_reviewer=people["architect"],
        architecture_outcome="approved",
        architecture_reviewed_on=dt.date(2026, 2, 1),
        test_case_count=6,
        upgrade_impact="low",
        upgrade_versions="17.0",
        status="in_review",
    )

    for suffix in ("xlsx", "csv"):
        data = export_file("customizations", programme, suffix)
        run = import_file("customizations", data, f"c.{suffix}", programme, None)
        assert (run.rows_read, run.created, run.updated, run.unchanged) == (1, 0, 0, 1)


def test_customization_import_creates_links_gaps_and_is_idempotent(world):
    programme, people, _gaps = world
    data = (
        CUSTOMIZATION_HEADINGS
        + 'CUS-0100,Implant feed,Interface,"GAP-0001, gap-0002",Grace Lindqvist,3,High,'
        '"17.0, 18.0",In build\n'
    ).encode()

    first = import_file("customizations", data, "c.csv", programme, None)
    second = import_file("customizations", data, "c.csv", programme, None)

    imported = Customization.objects.get(reference="CUS-0100")
    assert (first.created, second.created, second.updated, second.unchanged) == (1, 0, 0, 1)
    assert imported.kind == "integration"
    assert imported.status == "in_build"
    assert sorted(imported.gaps.values_list("reference", flat=True)) == ["GAP-0001", "GAP-0002"]
    assert imported.business_owner == people["owner"]


def test_an_unknown_gap_refuses_the_file_with_row_and_column(world):
    programme, _people, _gaps = world
    data = (
        CUSTOMIZATION_HEADINGS
        + "CUS-0100,Feed,Integration,GAP-0001,,,,,\n"
        + 'CUS-0101,Report,Report,"GAP-0002, GAP-0999",,,,,\n'
    ).encode()

    with pytest.raises(ImportRejected) as rejected:
        import_file("customizations", data, "c.csv", programme, None)

    [problem] = rejected.value.problems
    assert (problem.row, problem.column) == (3, "Gaps served")
    assert problem.message == "no gap GAP-0999 in this programme"
    assert Customization.objects.filter(programme=programme).count() == 0


def test_change_requests_round_trip_and_scores_are_checked(world):
    programme, people, _gaps = world
    create_change_request(
        programme,
        None,
        title="Feed",
        kind="integration",
        requested_by=people["owner"],
        submitted_on=TODAY,
        business_value=4,
        compliance_impact=3,
        maintainability=2,
    )
    bad = (
        b"Reference,Title,Kind,Submitted on,Business value,Compliance impact,Maintainability\n"
        b"CR-0002,Report,Report,2026-03-01,6,1,1\n"
    )

    run = import_file(
        "change-requests",
        export_file("change-requests", programme, "xlsx"),
        "cr.xlsx",
        programme,
        None,
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file("change-requests", bad, "cr.csv", programme, None)

    assert (run.created, run.updated, run.unchanged) == (0, 0, 1)
    [problem] = rejected.value.problems
    assert (problem.row, problem.column, problem.message) == (
        2,
        "Business value",
        "6 is outside 1 to 5",
    )
    assert ChangeRequest.objects.filter(programme=programme).count() == 1


def test_imported_change_request_gets_its_score(world):
    programme, _people, _gaps = world
    data = (
        b"Reference,Title,Kind,Submitted on,Business value,Compliance impact,Maintainability\n"
        b"CR-0042,Report,Report,2026-03-01,5,4,3\n"
    )

    import_file("change-requests", data, "cr.csv", programme, None)

    request = ChangeRequest.objects.get(reference="CR-0042")
    assert (request.score, request.status) == (12, "submitted")


def test_the_decision_log_exports_but_refuses_imports(world):
    from caregate.gates.services import record_signoff
    from caregate.programmes.models import Role

    programme, people, _gaps = world
    record_signoff(programme.gates.get(key="go-live"), people["pmo"], Role.PMO, "approved")

    exported = export_file("decision-log", programme, "csv").decode("utf-8-sig")
    with pytest.raises(ImportRejected) as rejected:
        import_file("decision-log", exported.encode(), "log.csv", programme, None)

    assert "DL-0001" in exported and "Tom Okafor" in exported
    assert "export-only" in rejected.value.problems[0].message
