"""Reader details: the shared-string table and the fast stop after the last value."""

from __future__ import annotations

from caregate.spreadsheets.reader import _last_value_row, _shared_strings

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_shared_strings_join_rich_text_runs_and_leave_out_phonetic_guides():
    xml = (
        f"<sst {NS}><si><t>Ann Jansen</t></si>"
        '<si><r><rPr><b/></rPr><t>Process</t></r><r><t xml:space="preserve"> owner</t></r></si>'
        '<si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>'
        "<si><t/></si></sst>"
    ).encode()

    assert _shared_strings(xml) == ["Ann Jansen", "Process owner", "東京", ""]


def test_the_last_row_with_a_value_is_found_from_the_end():
    xml = (
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="B2"><f>A1</f></c></row>'
        '<row r="3"><c r="A3" s="1"/></row><row r="9"><c r="A9" s="1"/></row>'
        "</sheetData></worksheet>"
    ).encode()

    assert _last_value_row(xml) == 2
    assert _last_value_row(f"<worksheet {NS}><sheetData/></worksheet>".encode()) == 0
