"""Every bad input is rejected with its exact place (file, sheet, row, column) and stores nothing.

Each test first imports a good register, then tries a bad file and checks the
database is exactly as before: people, roles (with their updated_at) and the
import history.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl.styles import Font

from caregate.programmes.models import Role
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from caregate.spreadsheets.reader import _last_value_row
from tests.spreadsheets.conftest import (
    HEADINGS,
    PEOPLE_ROWS,
    csv_text,
    register_state,
    with_empty_formatted_rows,
    xlsx_bytes,
)

ROLE_LABELS = ", ".join(str(label) for _value, label in Role.choices)


@pytest.fixture
def loaded(programme):
    import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)
    return programme


def rejected(programme, data: bytes, filename: str = "people.xlsx", **options) -> list[str]:
    """Import the file, expecting a rejection that leaves the database as it was."""
    before = register_state(programme)
    with pytest.raises(ImportRejected) as caught:
        import_file("people", data, filename, programme, None, **options)
    assert register_state(programme) == before
    return [str(problem) for problem in caught.value.problems]


def with_row(number: int, changes: dict[str, str]) -> list[list]:
    """PEOPLE_ROWS with one row (1 = first data row, sheet row 2) changed by heading."""
    rows = [list(row) for row in PEOPLE_ROWS]
    for heading, value in changes.items():
        rows[number - 1][HEADINGS.index(heading)] = value
    return rows


# The file itself ------------------------------------------------------------------------------


def test_a_password_protected_workbook_is_named_as_such(loaded):
    # An encrypted .xlsx is an OLE2 compound file: it starts with the CFB signature.
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)

    assert rejected(loaded, data) == [
        "people.xlsx: is password-protected or an old .xls; remove the password or save it as .xlsx"
    ]


def test_an_old_xls_is_refused_the_same_way(loaded):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)

    assert rejected(loaded, data, "people.xls") == [
        "people.xls: is password-protected or an old .xls; remove the password or save it as .xlsx"
    ]


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated zip", b"%PDF-1.7 not a workbook"])
def test_a_damaged_or_foreign_file_named_xlsx_is_refused(loaded, data):
    assert rejected(loaded, data) == [
        "people.xlsx: is not a valid .xlsx workbook (damaged, or another kind of file); open "
        "it in Excel and save it as .xlsx"
    ]


def test_an_empty_file_is_refused(loaded):
    assert rejected(loaded, b"") == ["people.xlsx: the file is empty"]
    assert rejected(loaded, b"", "people.csv") == ["people.csv: the file is empty"]


def test_a_workbook_whose_sheet_was_renamed_names_the_sheets_it_has(loaded):
    data = xlsx_bytes(PEOPLE_ROWS, sheet="Staff", extra_sheets=["About"])

    assert rejected(loaded, data) == [
        "people.xlsx: the sheet 'People' is missing (sheets found: Staff, About); was it renamed?"
    ]


def test_a_sheet_with_nothing_in_it_lists_the_headings_expected(loaded):
    data = xlsx_bytes([], headings=None)

    assert rejected(loaded, data) == [
        "people.xlsx: sheet People: is empty; expected a header row: Name, E-mail, Job title, "
        "Role, Workstream, Site"
    ]


# Headings -------------------------------------------------------------------------------------


def test_a_misspelled_heading_suggests_the_closest_expected_one(loaded):
    headings = ["Name", "E-mial", "Job title", "Role", "Workstrem", "Site"]

    assert rejected(loaded, xlsx_bytes(PEOPLE_ROWS, headings=headings)) == [
        "people.xlsx: sheet People, row 1, column B: unknown heading 'E-mial'; did you mean "
        "'E-mail'?",
        "people.xlsx: sheet People, row 1, column E: unknown heading 'Workstrem'; did you mean "
        "'Workstream'?",
    ]


def test_an_unknown_heading_lists_the_expected_ones(loaded):
    headings = [*HEADINGS, "Remarks"]
    rows = [[*row, "ok"] for row in PEOPLE_ROWS]

    assert rejected(loaded, xlsx_bytes(rows, headings=headings)) == [
        "people.xlsx: sheet People, row 1, column G: unknown heading 'Remarks'; expected one "
        "of: Name, E-mail, Job title, Role, Workstream, Site"
    ]


def test_a_missing_required_column_is_named(loaded):
    headings = ["E-mail", "Job title", "Role"]
    rows = [row[1:4] for row in PEOPLE_ROWS]

    assert rejected(loaded, xlsx_bytes(rows, headings=headings)) == [
        "people.xlsx: sheet People, row 1: the required column 'Name' is missing"
    ]


def test_a_duplicated_column_names_both_places(loaded):
    headings = [*HEADINGS, "role"]
    rows = [[*row, "PMO"] for row in PEOPLE_ROWS]

    assert rejected(loaded, xlsx_bytes(rows, headings=headings)) == [
        "people.xlsx: sheet People, row 1, column G: heading 'Role' appears twice (columns D "
        "and G); keep one"
    ]


def test_values_under_a_blank_heading_are_refused(loaded):
    rows = [list(row) for row in PEOPLE_ROWS]
    rows[2] += [None, "stray note"]

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 4, column H: has values but no heading; add the heading "
        "or clear the column"
    ]


# Cells ----------------------------------------------------------------------------------------


def test_a_formula_cell_asks_for_values(loaded):
    def add_formula(worksheet):
        worksheet["C7"] = "=C2"  # a job title copied by formula, six rows down
        worksheet["A7"] = "Eva Smit"

    assert rejected(loaded, xlsx_bytes(PEOPLE_ROWS, build=add_formula)) == [
        "people.xlsx: sheet People, row 7, column Job title: holds a formula; paste values"
    ]


def test_merged_cells_in_the_data_name_their_range(loaded):
    def merge(worksheet):
        worksheet.merge_cells("C2:C3")

    assert rejected(loaded, xlsx_bytes(PEOPLE_ROWS, build=merge)) == [
        "people.xlsx: sheet People, row 2, column Job title: cells C2:C3 are merged; unmerge "
        "them and fill every cell"
    ]


def test_a_value_outside_the_allowed_list_lists_the_allowed_ones(loaded):
    assert rejected(loaded, xlsx_bytes(with_row(2, {"Role": "Chief data person"}))) == [
        "people.xlsx: sheet People, row 3, column Role: 'Chief data person' is not an allowed "
        f"value; use one of: {ROLE_LABELS}"
    ]


def test_unknown_workstream_and_site_are_named_with_a_suggestion(loaded):
    rows = with_row(1, {"Workstream": "Procurment and supply"})
    rows = [*rows, ["Eva Smit", "", "", "Data steward", "", "north-lab"]]

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 2, column Workstream: 'Procurment and supply' is not a "
        "workstream of this programme (did you mean 'Procurement and supply'?)",
        "people.xlsx: sheet People, row 6, column Site: 'north-lab' is not a site of this "
        "programme",
    ]


def test_a_key_repeated_within_the_file_names_the_first_row(loaded):
    rows = [*PEOPLE_ROWS, ["bram de vries", "bram@example.org", "CFO", "Sponsor", "", ""]]

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 6: repeats the key (Name, Role, Workstream, Site) of row 4"
    ]


def test_bad_email_and_missing_required_value_are_all_reported_in_row_order(loaded):
    rows = with_row(3, {"E-mail": "bram at example.org"})
    rows[0][0] = "  "

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 2, column Name: is required but empty",
        "people.xlsx: sheet People, row 4, column E-mail: 'bram at example.org' is not an "
        "e-mail address",
    ]


def test_one_person_with_two_email_addresses_is_a_conflict(loaded):
    rows = with_row(2, {"E-mail": "ann@elsewhere.example"})

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 3, column E-mail: 'ann@elsewhere.example' differs from "
        "'ann.jansen@example.org' given for Ann Jansen on row 2"
    ]


def test_a_workstream_without_a_role_is_refused(loaded):
    rows = with_row(3, {"Role": "", "Workstream": "workforce"})

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 4, column Role: a workstream or site needs a role"
    ]


def test_a_header_repeated_mid_file_is_refused_in_xlsx_and_csv(loaded):
    rows = [*PEOPLE_ROWS[:2], HEADINGS, *PEOPLE_ROWS[2:]]

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 4: repeats the header row; remove it (were two files "
        "pasted together?)"
    ]
    assert rejected(loaded, csv_text(rows).encode(), "people.csv") == [
        "people.csv: row 4: repeats the header row; remove it (were two files pasted together?)"
    ]


def test_fifty_thousand_formatted_empty_rows_after_the_data_are_ignored(loaded):
    def format_an_empty_row(worksheet):
        worksheet["A6"].font = Font(bold=True)  # styled, no value: written as an empty cell

    data = with_empty_formatted_rows(xlsx_bytes(PEOPLE_ROWS, build=format_an_empty_row), 50_000)

    run = import_file("people", data, "people.xlsx", loaded, None)

    assert (run.rows_read, run.created, run.updated, run.unchanged) == (4, 0, 0, 4)


def test_the_reader_stops_at_the_last_row_holding_a_value():
    def format_an_empty_row(worksheet):
        worksheet["A6"].font = Font(bold=True)

    data = with_empty_formatted_rows(xlsx_bytes(PEOPLE_ROWS, build=format_an_empty_row), 50_000)
    workbook = zipfile.ZipFile(io.BytesIO(data))
    xml = workbook.read("xl/worksheets/sheet1.xml")

    assert xml.count(b"<row ") == 50_006
    assert _last_value_row(xml) == 5


def test_a_value_longer_than_its_field_holds_is_refused(loaded):
    rows = with_row(4, {"Job title": "Officer " * 30})

    assert rejected(loaded, xlsx_bytes(rows)) == [
        "people.xlsx: sheet People, row 5, column Job title: is 239 characters long; at most "
        "200 fit"
    ]
