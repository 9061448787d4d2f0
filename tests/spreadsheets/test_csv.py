"""CSV files: encodings (UTF-8 with or without BOM, UTF-16 with BOM, declared ones), delimiters."""

from __future__ import annotations

import codecs

import pytest

from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from tests.spreadsheets.conftest import PEOPLE_ROWS, csv_text, register_state, role_rows

CHLOE = ("Chloé Martin", "chloe@example.org", "PMO officer", "pmo", None, None)


@pytest.mark.parametrize(
    ("encoded", "delimiter"),
    [
        (lambda text: text.encode("utf-8"), ","),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), ";"),
        # Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated.
        (lambda text: text.encode("utf-16"), "\t"),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), ","),
    ],
    ids=["utf8", "utf8-bom-semicolon", "utf16-le-bom-tab", "utf16-be-bom"],
)
def test_utf8_and_utf16_files_with_any_of_the_three_delimiters_are_read(
    programme, encoded, delimiter
):
    data = encoded(csv_text(PEOPLE_ROWS, delimiter=delimiter))

    run = import_file("people", data, "people.csv", programme, None)

    assert run.created == 4
    assert CHLOE in role_rows(programme)


def test_cp1252_bytes_are_refused_naming_the_line_and_byte(programme):
    data = csv_text(PEOPLE_ROWS).encode("cp1252")  # é of Chloé is byte 0xE9 on line 5
    before = register_state(programme)

    with pytest.raises(ImportRejected) as caught:
        import_file("people", data, "people.csv", programme, None)

    assert [str(problem) for problem in caught.value.problems] == [
        "people.csv: line 5 is not UTF-8: byte 0xE9 at character 5; save it as “CSV UTF-8” or "
        "declare its encoding (e.g. cp1252)"
    ]
    assert register_state(programme) == before


def test_cp1252_bytes_are_read_when_the_encoding_is_declared(programme):
    data = csv_text(PEOPLE_ROWS).encode("cp1252")

    run = import_file("people", data, "people.csv", programme, None, encoding="cp1252")

    assert run.created == 4
    assert CHLOE in role_rows(programme)


def test_an_unknown_declared_encoding_is_refused(programme):
    with pytest.raises(ImportRejected) as caught:
        import_file(
            "people", b"Name\r\nAnn\r\n", "people.csv", programme, None, encoding="klingon-8"
        )

    assert [str(problem) for problem in caught.value.problems] == [
        "people.csv: unknown encoding 'klingon-8'"
    ]


def test_csv_problems_name_the_line_and_column(programme):
    rows = [list(row) for row in PEOPLE_ROWS]
    rows[1][4] = "Finance"

    with pytest.raises(ImportRejected) as caught:
        import_file("people", csv_text(rows).encode(), "people.csv", programme, None)

    assert [str(problem) for problem in caught.value.problems] == [
        "people.csv: row 3, column Workstream: 'Finance' is not a workstream of this programme "
        "(did you mean 'Finance and revenue administration'?)"
    ]


def test_a_quoted_value_spanning_two_lines_keeps_the_next_row_number_right(programme):
    rows = [list(row) for row in PEOPLE_ROWS]
    rows[0][2] = "Head of\npurchasing"
    rows[1][2] = ""
    rows[3][1] = "not-an-address"

    with pytest.raises(ImportRejected) as caught:
        import_file("people", csv_text(rows).encode(), "people.csv", programme, None)

    # Row 2 spans lines 2-3, so Chloé's record starts on line 6.
    assert [str(problem) for problem in caught.value.problems] == [
        "people.csv: row 6, column E-mail: 'not-an-address' is not an e-mail address"
    ]
