"""Reading a register's sheet from XLSX or CSV bytes into raw rows, reporting every problem.

The reader checks the file and its shape: format, encoding, the sheet, the
headings, formula and merged cells, a header repeated mid-file. Converting
values is the importer's job. Each problem names the file, sheet, row and
column (CSV files have no sheet; their rows are line numbers).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel
from openpyxl.xml.functions import iterparse

from caregate.spreadsheets.problems import Problem
from caregate.spreadsheets.schema import Column, SheetSchema, normalise

logger = logging.getLogger(__name__)

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_CSV_DELIMITERS = (",", ";", "\t")


@dataclass
class RawTable:
    """The data rows of one sheet, with the columns its headings map to.

    ``columns`` pairs each recognised column with its position (0-based) in a
    row; ``rows`` pairs each non-blank data row's number with its raw values.
    """

    file: str
    sheet: str | None
    header_row: int = 0
    columns: list[tuple[int, Column]] = field(default_factory=list)
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.problems.append(Problem(self.file, message, self.sheet, row, column))

    def reject(self, message: str, row: int | None = None, column: str | None = None):
        self.problem(message, row, column)
        self.fatal = True
        return self


def file_format(data: bytes, filename: str) -> str:
    """'xlsx', 'csv', 'protected' (an OLE2 container) or 'empty', from the bytes and name."""
    if not data:
        return "empty"
    if data.startswith(CFB_SIGNATURE):
        return "protected"
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xls":
        return "protected"
    if data.startswith(ZIP_SIGNATURE) or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    return "csv"


def read_table(
    schema: SheetSchema, data: bytes, filename: str, *, encoding: str | None = None
) -> RawTable:
    """Read the register's sheet (XLSX) or the whole file (CSV); problems are in the result."""
    name = PurePath(filename).name or "upload"
    kind = file_format(data, filename)
    if kind == "empty":
        return RawTable(name, None).reject("the file is empty")
    if kind == "protected":
        return RawTable(name, None).reject(
            "is password-protected or an old .xls; remove the password or save it as .xlsx"
        )
    if kind == "xlsx":
        return _read_xlsx(schema, data, name)
    return _read_csv(schema, data, name, encoding)


# XLSX ---------------------------------------------------------------------------------------


class Formula(str):
    """A formula cell's text ("=..."), told apart from text that merely starts with "="."""


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL = f"{_MAIN_NS}row", f"{_MAIN_NS}c"
_VALUE, _FORMULA, _INLINE, _TEXT = (f"{_MAIN_NS}{tag}" for tag in ("v", "f", "is", "t"))
_STRING_ITEM, _RUN = f"{_MAIN_NS}si", f"{_MAIN_NS}r"
_REF = re.compile(r"([A-Z]+)(\d*)")


@dataclass
class _Workbook:
    """What reading one sheet needs from a workbook: its sheets and how to read cells."""

    archive: zipfile.ZipFile
    sheets: dict[str, str]  # sheet name -> path of its XML in the archive
    shared_strings: list
    date_styles: set
    epoch: Any


def _open_workbook(data: bytes) -> _Workbook:
    """The workbook's sheets, shared strings and date styles, without parsing any sheet.

    openpyxl's load_workbook(read_only=True) scans every sheet for its size
    first, and parses inline strings through its object model; both cost
    seconds on a 20,000-row sheet. Its parts are used here instead, and cells
    are read by :func:`_sheet_rows`. (openpyxl 3.1.5 is locked.)
    """
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
    reader.read_manifest()
    reader.read_workbook()
    strings_part = reader.package.find(SHARED_STRINGS)
    shared_strings = []
    if strings_part is not None:
        shared_strings = _shared_strings(reader.archive.read(strings_part.PartName[1:]))
    apply_stylesheet(reader.archive, reader.wb)
    sheets = {
        sheet.name: rel.target
        for sheet, rel in reader.parser.find_sheets()
        if rel.target in reader.valid_files and "chartsheet" not in rel.Type
    }
    return _Workbook(
        reader.archive,
        sheets,
        shared_strings,
        set(reader.wb._date_formats),
        reader.wb.epoch,
    )


def _shared_strings(xml: bytes) -> list[str]:
    """The workbook's string table: each <si>'s text, or its rich-text runs joined.

    Phonetic guides (<rPh>) are not part of the text.
    """
    strings = []
    for _event, element in iterparse(io.BytesIO(xml), events=("end",)):
        if element.tag != _STRING_ITEM:
            continue
        parts = []
        for child in element:
            if child.tag == _TEXT:
                parts.append(child.text or "")
            elif child.tag == _RUN:
                parts.append(child.findtext(_TEXT) or "")
        strings.append("".join(parts))
        element.clear()
    return strings


def _cell_value(cell, workbook: _Workbook):
    """The Python value of one <c> element: text, number, bool, datetime or Formula."""
    formula = cell.find(_FORMULA)
    if formula is not None:
        return Formula("=" + (formula.text or ""))
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return (
            "".join(node.text or "" for node in inline.iter(_TEXT)) if inline is not None else None
        )
    value = cell.findtext(_VALUE)
    if value is None:
        return None
    if kind == "s":
        return workbook.shared_strings[int(value)]
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return value == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(value)
    number = float(value) if any(mark in value for mark in ".eE") else int(value)
    style = cell.get("s")
    if style is not None and int(style) in workbook.date_styles:
        return from_excel(number, workbook.epoch)
    return number


def _sheet_rows(workbook: _Workbook, xml: bytes, last_row: int | None):
    """(row number, values) for each row of the sheet up to ``last_row``."""
    row_number = 0
    cells: dict[int, Any] = {}
    position = -1
    for _event, element in iterparse(io.BytesIO(xml), events=("end",)):
        tag = element.tag
        if tag == _CELL:
            ref = element.get("r")
            # Cells may omit their reference; they then follow the previous one.
            position = _column_index(_REF.match(ref).group(1)) - 1 if ref else position + 1
            value = _cell_value(element, workbook)
            if value is not None:
                cells[position] = value
            element.clear()
        elif tag == _ROW:
            number = element.get("r")
            row_number = int(number) if number else row_number + 1
            if last_row is not None and row_number > last_row:
                break
            if cells:
                row = [None] * (max(cells) + 1)
                for index, value in cells.items():
                    row[index] = value
                yield row_number, tuple(row)
                cells = {}
            position = -1
            element.clear()


_COLUMN_INDEX: dict[str, int] = {}


def _column_index(letters: str) -> int:
    index = _COLUMN_INDEX.get(letters)
    if index is None:
        index = _COLUMN_INDEX[letters] = column_index_from_string(letters)
    return index


def _read_xlsx(schema: SheetSchema, data: bytes, name: str) -> RawTable:
    try:
        workbook = _open_workbook(data)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError) as exc:
        logger.info("%s: not an XLSX workbook: %s", name, exc)
        return _not_a_workbook(name)
    try:
        sheet_name = _find_sheet(list(workbook.sheets), schema.sheet_name)
        if sheet_name is None:
            found = ", ".join(workbook.sheets) or "none"
            return RawTable(name, None).reject(
                f"the sheet {schema.sheet_name!r} is missing (sheets found: {found}); "
                "was it renamed?"
            )
        table = RawTable(name, sheet_name)
        xml = workbook.archive.read(workbook.sheets[sheet_name])
        last_row = _last_value_row(xml)
        try:
            rows = list(_sheet_rows(workbook, xml, last_row)) if last_row != 0 else []
        except (SyntaxError, ValueError, IndexError, OverflowError) as exc:
            logger.info("%s: sheet %s unreadable: %s", name, sheet_name, exc)
            return _not_a_workbook(name)
        _read_numbered_rows(table, schema, rows, formulas=True)
        if not table.fatal:
            _check_merged_cells(table, xml)
        return table
    finally:
        workbook.archive.close()


def _not_a_workbook(name: str) -> RawTable:
    return RawTable(name, None).reject(
        "is not a valid .xlsx workbook (damaged, or another kind of file); "
        "open it in Excel and save it as .xlsx"
    )


def _find_sheet(names: list[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    for name in names:
        if normalise(name) == normalise(wanted):
            return name
    return None


_VALUE_TAGS = (b"<v>", b"<v ", b"<is>", b"<f>", b"<f ")
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')


def _last_value_row(xml: bytes) -> int | None:
    """The number of the last row with a value or formula, 0 if none, None if unknown.

    Sheets often carry tens of thousands of formatted but empty rows after the
    data; reading stops at this row instead of parsing them. A few byte
    searches from the end of the XML find it; unusual XML (namespace prefixes,
    rows without numbers) returns None and every row is read.
    """
    position = max(xml.rfind(tag) for tag in _VALUE_TAGS)
    if position < 0:
        return 0 if b"<sheetData" in xml and b":sheetData" not in xml else None
    row_start = xml.rfind(b"<row", 0, position)
    if row_start < 0:
        return None
    match = _ROW_NUMBER.match(xml, row_start)
    return int(match.group(1)) if match else None


def _check_merged_cells(table: RawTable, xml: bytes) -> None:
    """Report merged ranges in the header or data area.

    The sheet's XML is searched for <mergeCell ref=...> directly: one bytes
    scan, fast on large sheets.
    """
    if b"mergeCell" not in xml:
        return
    headings = {position: column.heading for position, column in table.columns}
    for match in _MERGE_REF.finditer(xml):
        ref = match.group(1).decode()
        min_col, min_row, _max_col, _max_row = range_boundaries(ref)
        if min_row < table.header_row:
            continue
        column = headings.get(min_col - 1, get_column_letter(min_col))
        table.problem(f"cells {ref} are merged; unmerge them and fill every cell", min_row, column)


# CSV ----------------------------------------------------------------------------------------


def _decode(table: RawTable, data: bytes, encoding: str | None) -> str | None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            table.reject(f"unknown encoding {encoding!r}")
            return None
        return _decode_with(table, data, encoding, declared=True)
    if data.startswith(codecs.BOM_UTF8):
        return _decode_with(table, data, "utf-8-sig", declared=False)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_with(table, data, "utf-16", declared=False)
    text = _decode_with(table, data, "utf-8", declared=False)
    if text is not None and "\x00" in text:
        table.reject("holds NUL bytes: UTF-16 without a byte-order mark? Save it as CSV UTF-8")
        return None
    return text


def _decode_with(table: RawTable, data: bytes, encoding: str, declared: bool) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        column_offset = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        label = "the declared encoding " + encoding if declared else "UTF-8"
        advice = (
            "check the declared encoding"
            if declared
            else "save it as “CSV UTF-8” or declare its encoding (e.g. cp1252)"
        )
        table.reject(
            f"line {line} is not {label}: byte 0x{byte:02X} at character {column_offset}; {advice}"
        )
        return None


def _sniff_delimiter(text: str) -> str:
    """The delimiter used most in the first non-blank line (the header): , ; or tab."""
    for line in text.splitlines():
        if line.strip():
            counts = {delimiter: line.count(delimiter) for delimiter in _CSV_DELIMITERS}
            best = max(_CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
            return best if counts[best] else ","
    return ","


def _csv_rows(text: str, delimiter: str):
    """(line number, row) for each CSV record; a record spanning lines gets its first line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_line = 0
    for row in reader:
        yield previous_line + 1, row
        previous_line = reader.line_num


def _read_csv(schema: SheetSchema, data: bytes, name: str, encoding: str | None) -> RawTable:
    table = RawTable(name, None)
    text = _decode(table, data, encoding)
    if text is None:
        return table
    if not text.strip():
        return table.reject("the file is empty")
    delimiter = _sniff_delimiter(text)
    try:
        numbered = list(_csv_rows(text, delimiter))
    except csv.Error as exc:
        return table.reject(f"cannot be read as CSV: {exc}")
    _read_numbered_rows(table, schema, numbered, formulas=False)
    return table


# Shared -------------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_numbered_rows(table: RawTable, schema: SheetSchema, numbered, *, formulas) -> None:
    """Find the header, then keep each non-blank row; ``formulas`` says whether cells
    may hold formulas (XLSX) or are all plain text (CSV)."""
    header: tuple | None = None
    header_key: tuple = ()
    width = 0
    blank_headings: list[int] = []
    unheaded: dict[int, int] = {}  # position of a value under a blank heading -> first row
    for number, row in numbered:
        if header is None:
            if all(_is_blank(value) for value in row):
                continue
            header = tuple(row)
            table.header_row = number
            _match_headings(table, schema, header)
            if table.fatal:
                return
            header_key = tuple(
                normalise(str(value)) if not _is_blank(value) else "" for value in header
            )
            width = max(i for i, heading in enumerate(header_key) if heading) + 1
            header_key = header_key[:width]
            blank_headings = [i for i, heading in enumerate(header_key) if not heading]
            continue
        # Most rows after the data are blank (often tens of thousands formatted but empty).
        if all(_is_blank(value) for value in row):
            continue
        if len(row) > width:
            for position in range(width, len(row)):
                if not _is_blank(row[position]) and position not in unheaded:
                    unheaded[position] = number
            row = row[:width]
        for position in blank_headings:
            if position < len(row) and not _is_blank(row[position]) and position not in unheaded:
                unheaded[position] = number
        if _repeats_header(row, header_key):
            table.problem(
                "repeats the header row; remove it (were two files pasted together?)", number
            )
            continue
        if formulas:
            for position, column in table.columns:
                if position < len(row) and isinstance(row[position], Formula):
                    table.problem("holds a formula; paste values", number, column.heading)
        table.rows.append((number, tuple(row)))
    if header is None:
        expected = ", ".join(column.heading for column in schema.columns)
        table.reject(f"is empty; expected a header row: {expected}")
        return
    for position, first_row in sorted(unheaded.items()):
        table.problem(
            "has values but no heading; add the heading or clear the column",
            first_row,
            get_column_letter(position + 1),
        )


def _repeats_header(row: tuple, header_key: tuple) -> bool:
    if len(row) < len(header_key) and any(header_key[len(row) :]):
        return False
    for position, expected in enumerate(header_key):
        value = row[position] if position < len(row) else None
        found = "" if _is_blank(value) else normalise(str(value))
        if found != expected:
            return False
    return True


def _match_headings(table: RawTable, schema: SheetSchema, header: tuple) -> None:
    """Map each heading to its column; report unknown, duplicated and missing ones."""
    by_heading = {normalise(column.heading): column for column in schema.columns}
    expected = [column.heading for column in schema.columns]
    seen: dict[str, int] = {}
    row = table.header_row
    for position, value in enumerate(header):
        if _is_blank(value):
            continue
        heading = " ".join(str(value).split())
        column = by_heading.get(normalise(heading))
        letter = get_column_letter(position + 1)
        if column is None:
            close = difflib.get_close_matches(heading, expected, n=1, cutoff=0.6)
            if not close:
                lowered = {normalise(name): name for name in expected}
                match = difflib.get_close_matches(
                    normalise(heading), list(lowered), n=1, cutoff=0.6
                )
                close = [lowered[match[0]]] if match else []
            hint = (
                f"did you mean {close[0]!r}?"
                if close
                else f"expected one of: {', '.join(expected)}"
            )
            table.problem(f"unknown heading {heading!r}; {hint}", row, letter)
            continue
        if column.attribute in seen:
            first = get_column_letter(seen[column.attribute] + 1)
            table.problem(
                f"heading {column.heading!r} appears twice (columns {first} and "
                f"{letter}); keep one",
                row,
                letter,
            )
            continue
        seen[column.attribute] = position
        table.columns.append((position, column))
    for column in schema.columns:
        if column.required and column.attribute not in seen:
            table.reject(f"the required column {column.heading!r} is missing", row)
    if not table.columns:
        table.fatal = True
