"""Exporting a register to XLSX (with drop-downs and an About sheet) or CSV, and templates.

The XLSX has the register's sheet (bold, frozen header row; column widths;
drop-down lists for choice and lookup columns) and an "About" sheet naming the
register, the programme, when it was exported (UTC) and the allowed values.
A template is the same workbook without rows. CSV is UTF-8 with a byte-order
mark so Excel opens it with accents intact.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from caregate.spreadsheets.lookups import LOOKUP_KINDS, Lookups, display
from caregate.spreadsheets.schema import Column, SheetSchema, get_schema

ABOUT_SHEET = "About"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
_LAST_ROW = 1048576  # drop-downs reach rows the PMO adds later


def cell_value(column: Column, value: Any) -> Any:
    """How one stored value is written into a sheet cell."""
    if value is None:
        return None
    if column.kind == "choice":
        return column.label_of(value) or None
    if column.is_lookup:
        return display(column.kind, value)
    if column.kind == "decimal" and isinstance(value, Decimal):
        return value
    return value


def text_value(column: Column, value: Any) -> str:
    """How one stored value is written into a CSV field."""
    written = cell_value(column, value)
    if written is None:
        return ""
    if isinstance(written, bool):
        return "yes" if written else "no"
    if isinstance(written, dt.datetime):
        return written.date().isoformat()
    if isinstance(written, dt.date):
        return written.isoformat()
    return str(written)


def allowed_values(schema: SheetSchema, programme) -> dict[str, list[str]]:
    """For each choice or lookup column: the values a cell may hold, as written in a sheet."""
    lookups = Lookups(programme)
    allowed = {}
    for column in schema.columns:
        if column.kind == "choice":
            allowed[column.attribute] = [str(choice.label) for choice in column.choices]
        elif column.kind in LOOKUP_KINDS:
            allowed[column.attribute] = lookups.table(column.kind).allowed()
    return allowed


def export_rows(schema: SheetSchema, programme) -> list[list[Any]]:
    return [
        [cell_value(column, row.get(column.attribute)) for column in schema.columns]
        for row in schema.rows(programme)
    ]


def export_xlsx(schema_key: str, programme, *, template: bool = False) -> bytes:
    """The register (or an empty template) as XLSX bytes."""
    schema = get_schema(schema_key)
    rows = [] if template else export_rows(schema, programme)
    allowed = allowed_values(schema, programme)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(schema.sheet_name)
    about = workbook.create_sheet(ABOUT_SHEET)
    list_ranges = _write_about(about, schema, programme, allowed, len(rows), template)

    bold = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(schema.columns, start=1):
        width = column.width or max(12, len(column.heading) + 4)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if column.attribute in list_ranges:
            validation = DataValidation(
                type="list",
                formula1=list_ranges[column.attribute],
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Not an allowed value",
                error=f"Choose a value for {column.heading} from the list (see the About sheet).",
            )
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{_LAST_ROW}")
            sheet.data_validations.append(validation)
    header = []
    for column in schema.columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    date_format = "yyyy-mm-dd"
    date_columns = {i for i, column in enumerate(schema.columns) if column.kind == "date"}
    for row in rows:
        sheet.append(
            [_cell(sheet, value, i in date_columns, date_format) for i, value in enumerate(row)]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value: Any, is_date: bool, date_format: str):
    if isinstance(value, str):
        if value.startswith("="):
            # Text that looks like a formula stays text: never execute exported data.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
        return value
    if is_date and value is not None:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = date_format
        return cell
    return value


def _write_about(about, schema, programme, allowed, row_count: int, template: bool) -> dict:
    """Fill the About sheet; return the drop-down formula for each list column."""
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    def heading(text):
        cell = WriteOnlyCell(about, value=text)
        cell.font = bold
        return cell

    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 44
    for letter in "CDEFGHIJ":
        about.column_dimensions[letter].width = 28
    exported_at = timezone.now().astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    keys = ", ".join(schema.column(attribute).heading for attribute in schema.key_columns)
    facts = [
        ("Register", f"{schema.title} ({schema.key})"),
        ("Programme", f"{programme.name} ({programme.key})"),
        ("Exported at (UTC)", exported_at),
        ("Rows", "template (no rows)" if template else row_count),
        (
            "How to import",
            f"Fill the sheet '{schema.sheet_name}' and keep its headings. "
            f"Rows are matched on {keys}; rows missing from the file are kept.",
        ),
    ]
    row_number = 0
    for label, value in facts:
        cell = WriteOnlyCell(about, value=value)
        cell.alignment = wrap
        about.append([heading(label), cell])
        row_number += 1
    about.append([])
    about.append(
        [heading("Column"), heading("What to enter"), heading("Required"), heading("Kind")]
    )
    row_number += 2
    for column in schema.columns:
        about.append([column.heading, column.help, "yes" if column.required else "no", column.kind])
        row_number += 1
    about.append([])
    list_columns = [column for column in schema.columns if column.attribute in allowed]
    if not list_columns:
        return {}
    about.append([heading(f"Allowed values: {column.heading}") for column in list_columns])
    row_number += 2
    first = row_number + 1
    longest = max(len(allowed[column.attribute]) for column in list_columns)
    for offset in range(longest):
        about.append(
            [
                values[offset] if offset < len(values) else None
                for values in (allowed[column.attribute] for column in list_columns)
            ]
        )
    ranges = {}
    for index, column in enumerate(list_columns, start=1):
        count = len(allowed[column.attribute])
        if not count:
            continue
        letter = get_column_letter(index)
        ranges[column.attribute] = (
            f"{quote_sheetname(ABOUT_SHEET)}!${letter}${first}:${letter}${first + count - 1}"
        )
    return ranges


def export_csv(schema_key: str, programme, *, template: bool = False) -> bytes:
    """The register (or only its header) as CSV: UTF-8 with a byte-order mark, comma-separated."""
    schema = get_schema(schema_key)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.heading for column in schema.columns])
    if not template:
        for row in schema.rows(programme):
            # TODO: a value starting with = + - @ is taken as a formula by Excel when a CSV
            # is opened; prefixing it would break round-trips, so it is written as is.
            writer.writerow(
                [text_value(column, row.get(column.attribute)) for column in schema.columns]
            )
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def export_file(schema_key: str, programme, suffix: str, *, template: bool = False) -> bytes:
    """XLSX or CSV bytes, by file suffix (.xlsx or .csv)."""
    suffix = suffix.lower().lstrip(".")
    if suffix == "xlsx":
        return export_xlsx(schema_key, programme, template=template)
    if suffix == "csv":
        return export_csv(schema_key, programme, template=template)
    raise ValueError(f"cannot export to .{suffix}: use .xlsx or .csv")
