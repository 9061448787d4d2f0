"""Dates: Excel date cells and ISO text; d/m/y text only when unambiguous or declared.

The people register has no date column, so these tests declare a small
register over the programme's waves (number, name, phasing, go-live date),
which also exercises the default apply/stored/write of a single-model register.
"""

from __future__ import annotations

import datetime as dt

import pytest

from caregate.programmes.models import Wave
from caregate.spreadsheets.cells import to_date
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import CellError, ImportRejected
from caregate.spreadsheets.schema import (
    Column,
    SheetSchema,
    choices_from,
    register_schema,
    unregister_schema,
)
from tests.spreadsheets.conftest import xlsx_bytes

WAVE_HEADINGS = ["Number", "Name", "Phased by", "Go-live date"]


def wave_rows(programme):
    for wave in Wave.objects.filter(programme=programme).order_by("number"):
        yield {
            "number": wave.number,
            "name": wave.name,
            "phasing": wave.phasing,
            "go_live_date": wave.go_live_date,
        }


@pytest.fixture
def waves_register():
    schema = register_schema(
        SheetSchema(
            key="test-waves",
            title="Waves",
            sheet_name="Waves",
            model=Wave,
            key_columns=("number",),
            columns=(
                Column("Number", "number", "integer", required=True),
                Column("Name", "name", "text", required=True),
                Column(
                    "Phased by",
                    "phasing",
                    "choice",
                    required=True,
                    choices=choices_from(Wave.Phasing, {"site": ("Site",)}),
                ),
                Column("Go-live date", "go_live_date", "date"),
            ),
            rows=wave_rows,
        )
    )
    yield schema
    unregister_schema("test-waves")


def import_waves(programme, rows, **options):
    data = xlsx_bytes(rows, sheet="Waves", headings=WAVE_HEADINGS)
    return import_file("test-waves", data, "waves.xlsx", programme, None, **options)


def rejection(programme, rows, **options) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        import_waves(programme, rows, **options)
    assert Wave.objects.count() == 0
    return [str(problem) for problem in caught.value.problems]


def stored_dates() -> list[tuple]:
    return list(Wave.objects.order_by("number").values_list("number", "go_live_date"))


def test_excel_date_cells_and_iso_text_are_dates(programme, waves_register):
    rows = [
        [1, "Pilot hospital", "Site", dt.datetime(2026, 4, 3)],
        [2, "Laboratories", "site", "2026-09-14"],
        [3, "Care homes", "By site", None],
    ]

    run = import_waves(programme, rows)

    assert run.created == 3
    assert stored_dates() == [(1, dt.date(2026, 4, 3)), (2, dt.date(2026, 9, 14)), (3, None)]
    again = import_waves(programme, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_an_ambiguous_day_month_is_refused_unless_the_order_is_declared(programme, waves_register):
    rows = [[1, "Pilot hospital", "Site", "03/04/2026"]]

    assert rejection(programme, rows) == [
        "waves.xlsx: sheet Waves, row 2, column Go-live date: '03/04/2026' could be day/month "
        "or month/day; declare the date order (DMY or MDY) or write yyyy-mm-dd"
    ]
    import_waves(programme, rows, date_order="DMY")
    assert stored_dates() == [(1, dt.date(2026, 4, 3))]
    run = import_waves(programme, rows, date_order="MDY")
    assert (run.updated, stored_dates()) == (1, [(1, dt.date(2026, 3, 4))])


def test_impossible_dates_and_numbers_are_named(programme, waves_register):
    rows = [
        [1, "Pilot", "Site", "2026-02-30"],
        [2, "Labs", "Site", "31/02/2026"],
        [3, "Homes", "Site", "1/2/26"],
        ["three", "Offices", "Site", 46000],
    ]

    assert rejection(programme, rows, date_order="DMY") == [
        "waves.xlsx: sheet Waves, row 2, column Go-live date: '2026-02-30' is not a real date",
        "waves.xlsx: sheet Waves, row 3, column Go-live date: '31/02/2026' is not a real date",
        "waves.xlsx: sheet Waves, row 4, column Go-live date: '1/2/26' has a two-digit year; "
        "write the year in full",
        "waves.xlsx: sheet Waves, row 5, column Go-live date: '46000' is a number, not a date; "
        "format the cell as a date or write yyyy-mm-dd",
        "waves.xlsx: sheet Waves, row 5, column Number: 'three' is not a whole number",
    ]


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("25/12/2026", None, dt.date(2026, 12, 25)),  # only day/month/year is possible
        ("12/25/2026", None, dt.date(2026, 12, 25)),  # only month/day/year is possible
        ("05.05.2026", None, dt.date(2026, 5, 5)),  # the same either way
        ("3-4-2026", "DMY", dt.date(2026, 4, 3)),
        ("2026-4-3", None, dt.date(2026, 4, 3)),
    ],
)
def test_dates_that_can_only_mean_one_thing(text, order, expected):
    assert to_date(text, order) == expected


def test_a_declared_order_that_the_text_contradicts_is_an_impossible_date():
    with pytest.raises(CellError, match=r"^'25/12/2026' is not a real date$"):
        to_date("25/12/2026", "MDY")
