"""Exports: the XLSX layout (header, widths, drop-downs, About sheet), CSV with BOM, templates."""

from __future__ import annotations

import codecs
import csv
import io

import openpyxl
import pytest

from caregate.programmes.models import Person, Role
from caregate.spreadsheets.exporter import export_csv, export_file, export_xlsx
from caregate.spreadsheets.importer import import_file
from tests.spreadsheets.conftest import HEADINGS, PEOPLE_ROWS, xlsx_bytes


@pytest.fixture
def loaded(programme):
    import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)
    return programme


def open_workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_the_xlsx_has_a_bold_frozen_header_widths_and_the_rows(loaded):
    workbook = open_workbook(export_xlsx("people", loaded))

    assert workbook.sheetnames == ["People", "About"]
    sheet = workbook["People"]
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 32
    assert sheet.column_dimensions["A"].width == 12
    assert [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)] == [
        ["Ann Jansen", "ann.jansen@example.org", "Head of purchasing", "Data steward", None, "amc"],
        [
            "Ann Jansen",
            "ann.jansen@example.org",
            "Head of purchasing",
            "Process owner",
            "Procurement and supply",
            None,
        ],
        ["Bram de Vries", "bram@example.org", "CFO", "Programme sponsor", None, None],
        ["Chloé Martin", "chloe@example.org", "PMO officer", "PMO", None, None],
    ]


def test_choice_and_lookup_columns_have_drop_downs_listing_the_about_sheet(loaded):
    workbook = open_workbook(export_xlsx("people", loaded))
    about = workbook["About"]

    validations = {
        str(validation.sqref): validation.formula1
        for validation in workbook["People"].data_validations.dataValidation
    }

    assert set(validations) == {"D2:D1048576", "E2:E1048576", "F2:F1048576"}

    def listed(formula: str) -> list[str]:
        cells = about[formula.split("!")[1].replace("$", "")]
        return [row[0].value for row in cells]

    assert listed(validations["D2:D1048576"]) == [str(label) for _v, label in Role.choices]
    assert listed(validations["E2:E1048576"]) == [
        "Finance and revenue administration",
        "Procurement and supply",
        "Support and service operations",
        "Workforce coordination",
    ]
    assert listed(validations["F2:F1048576"]) == ["amc", "lab-west"]


def test_the_about_sheet_names_register_programme_and_export_time(loaded):
    about = open_workbook(export_xlsx("people", loaded))["About"]

    facts = {row[0].value: row[1].value for row in about.iter_rows(max_row=4)}

    assert facts["Register"] == "People and roles (people)"
    assert facts["Programme"] == "North Care Group (north)"
    assert facts["Exported at (UTC)"].endswith(" UTC")
    assert facts["Rows"] == 4


def test_the_template_is_the_same_workbook_without_rows(loaded):
    workbook = open_workbook(export_xlsx("people", loaded, template=True))

    sheet = workbook["People"]
    assert sheet.max_row == 1
    assert [cell.value for cell in sheet[1]] == HEADINGS
    assert len(sheet.data_validations.dataValidation) == 3
    assert workbook["About"]["B4"].value == "template (no rows)"


def test_the_csv_is_utf8_with_a_bom_so_excel_keeps_the_accents(loaded):
    data = export_csv("people", loaded)

    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == HEADINGS
    assert rows[4] == ["Chloé Martin", "chloe@example.org", "PMO officer", "PMO", "", ""]
    assert len(rows) == 5


def test_text_that_looks_like_a_formula_stays_text_and_round_trips(programme):
    Person.objects.create(programme=programme, name="Ann", job_title="=1+1")

    data = export_xlsx("people", programme)
    sheet = open_workbook(data)["People"]
    run = import_file("people", data, "people.xlsx", programme, None)

    assert (sheet["C2"].value, sheet["C2"].data_type) == ("=1+1", "s")
    assert (run.rows_read, run.unchanged) == (1, 1)


def test_an_unknown_suffix_is_refused(loaded):
    with pytest.raises(ValueError, match=r"cannot export to \.ods: use \.xlsx or \.csv"):
        export_file("people", loaded, ".ods")
