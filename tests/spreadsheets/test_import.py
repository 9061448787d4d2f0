"""Importing the people register: applied in one go, idempotent, round-trips with export."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caregate.programmes.models import Person, RoleAssignment
from caregate.spreadsheets.exporter import export_csv, export_xlsx
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.models import ImportRun
from tests.spreadsheets.conftest import (
    PEOPLE_ROWS,
    csv_text,
    make_programme,
    register_state,
    role_rows,
    with_shared_strings,
    xlsx_bytes,
)

EXPECTED_ROLES = [
    ("Ann Jansen", "ann.jansen@example.org", "Head of purchasing", "data_steward", None, "amc"),
    (
        "Ann Jansen",
        "ann.jansen@example.org",
        "Head of purchasing",
        "process_owner",
        "procurement-supply",
        None,
    ),
    ("Bram de Vries", "bram@example.org", "CFO", "sponsor", None, None),
    ("Chloé Martin", "chloe@example.org", "PMO officer", "pmo", None, None),
]


def test_a_valid_workbook_creates_people_and_roles_and_records_the_run(programme):
    # Given a workbook with four role rows for three people
    data = xlsx_bytes(PEOPLE_ROWS)
    user = get_user_model().objects.create_user("pmo-lead")

    # When it is imported
    run = import_file("people", data, "people.xlsx", programme, user)

    # Then every row is stored and the run says so
    assert role_rows(programme) == EXPECTED_ROLES
    assert Person.objects.filter(programme=programme).count() == 3
    assert (run.rows_read, run.created, run.updated, run.unchanged) == (4, 4, 0, 0)
    assert (run.register, run.filename, run.user, run.programme) == (
        "people",
        "people.xlsx",
        user,
        programme,
    )
    import hashlib

    assert run.sha256 == hashlib.sha256(data).hexdigest()


def test_a_workbook_saved_with_shared_strings_as_excel_does_reads_the_same(programme):
    data = with_shared_strings(xlsx_bytes(PEOPLE_ROWS))
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"inlineStr" not in sheet_xml and b't="s"' in sheet_xml

    run = import_file("people", data, "people.xlsx", programme, None)

    assert run.created == 4
    assert role_rows(programme) == EXPECTED_ROLES


def test_importing_the_same_file_twice_changes_nothing_the_second_time(programme):
    data = xlsx_bytes(PEOPLE_ROWS)
    import_file("people", data, "people.xlsx", programme, None)
    before = register_state(programme)

    second = import_file("people", data, "people.xlsx", programme, None)

    assert (second.rows_read, second.created, second.updated, second.unchanged) == (4, 0, 0, 4)
    after = register_state(programme)
    assert after["people"] == before["people"]  # not even updated_at moved
    assert after["roles"] == before["roles"]
    assert after["runs"] == 2


def test_a_changed_email_updates_the_person_and_a_new_row_adds_a_role(programme):
    import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)
    changed = [list(row) for row in PEOPLE_ROWS]
    changed[2][1] = "b.devries@example.org"
    changed.append(["Chloé Martin", "", "", "Test lead", "", "lab-west"])

    run = import_file("people", xlsx_bytes(changed), "people-v2.xlsx", programme, None)

    assert (run.rows_read, run.created, run.updated, run.unchanged) == (5, 1, 1, 3)
    assert Person.objects.get(name="Bram de Vries").email == "b.devries@example.org"
    # Chloé's blank e-mail and job title on her new row mean "the same as her other row".
    chloe = Person.objects.get(name="Chloé Martin")
    assert (chloe.email, chloe.job_title) == ("chloe@example.org", "PMO officer")
    assert sorted(chloe.roles.values_list("role", "site__code")) == [
        ("pmo", None),
        ("test_lead", "lab-west"),
    ]


def test_a_person_without_a_role_has_one_row_with_the_role_blank(programme):
    rows = [["Dirk Bos", "dirk@example.org", "Ward manager", "", "", ""]]

    run = import_file("people", xlsx_bytes(rows), "people.xlsx", programme, None)

    assert run.created == 1
    assert list(Person.objects.values_list("name", "job_title")) == [("Dirk Bos", "Ward manager")]
    assert RoleAssignment.objects.count() == 0
    again = import_file("people", xlsx_bytes(rows), "people.xlsx", programme, None)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_choices_lookups_and_headings_accept_synonyms_and_any_case(programme):
    rows = [
        ["ann jansen", "ann@example.org", "", "po", "PROCUREMENT-SUPPLY", ""],
        ["Bram de Vries", "", "", "SteerCo", "", "amsterdam medical centre"],
    ]
    headings = ["name", "E-MAIL", "Job  title", "role", "Workstream", "site"]

    import_file("people", xlsx_bytes(rows, headings=headings), "people.xlsx", programme, None)

    assert role_rows(programme) == [
        ("Bram de Vries", "", "", "steering_committee", None, "amc"),
        ("ann jansen", "ann@example.org", "", "process_owner", "procurement-supply", None),
    ]


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_gives_back_the_same_register(programme, suffix):
    # Given a register with roles, a person without a role and an accented name
    import_file(
        "people",
        xlsx_bytes([*PEOPLE_ROWS, ["Dirk Bos", "", "Nurse", "", "", ""]]),
        "people.xlsx",
        programme,
        None,
    )
    before = register_state(programme)
    exporter = export_xlsx if suffix == "xlsx" else export_csv

    # When it is exported and the export imported again
    run = import_file("people", exporter("people", programme), f"export.{suffix}", programme, None)

    # Then every row is recognised as unchanged and nothing moved
    assert (run.rows_read, run.created, run.updated, run.unchanged) == (5, 0, 0, 5)
    after = register_state(programme)
    assert (after["people"], after["roles"]) == (before["people"], before["roles"])


def test_an_exported_register_imports_into_an_empty_programme_identically(programme):
    import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)
    other = make_programme("south", "South Care Group")

    run = import_file("people", export_xlsx("people", programme), "x.xlsx", other, None)

    assert run.created == 4
    assert role_rows(other) == EXPECTED_ROLES


def _queries_for(programme, rows) -> int:
    with CaptureQueriesContext(connection) as queries:
        import_file("people", csv_text(rows).encode(), "people.csv", programme, None)
    return len(engine_queries(queries))


def engine_queries(queries) -> list[str]:
    """The import's own statements: the audit trail appends its entries one by one (each in
    a savepoint), which is the audit app's cost, counted by its own tests."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "audit" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def test_the_number_of_queries_does_not_grow_with_the_rows(programme):
    few = [
        [f"Person {i:03d}", f"p{i}@example.org", "", "Data steward", "workforce", "amc"]
        for i in range(3)
    ]
    many = [
        [f"Person {i:03d}", f"p{i}@example.org", "", "Data steward", "workforce", "amc"]
        for i in range(3, 123)
    ]

    first = _queries_for(programme, few)
    second = _queries_for(programme, many)

    # Workstream and site lookups, stored people and roles, two bulk inserts, the run.
    # (SQLite caps a statement at 999 parameters, so past ~140 rows an insert is split.)
    assert first == second == 7
    assert RoleAssignment.objects.count() == 123


def test_an_unchanged_reimport_of_many_rows_uses_the_same_few_queries(programme):
    rows = [[f"Person {i:03d}", "", "", "Test lead", "", ""] for i in range(200)]
    import_file("people", csv_text(rows).encode(), "people.csv", programme, None)

    with CaptureQueriesContext(connection) as queries:
        run = import_file("people", csv_text(rows).encode(), "people.csv", programme, None)

    assert run.unchanged == 200
    assert len(engine_queries(queries)) == 3  # stored people, stored roles, the run
    assert ImportRun.objects.count() == 2
