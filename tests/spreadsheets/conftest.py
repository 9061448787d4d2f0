"""A programme with two sites and the default workstreams, and helpers that build real files.

Files are made here with openpyxl and the csv module, never checked in, so
each test shows exactly what the PMO's spreadsheet holds.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from caregate.programmes.defaults import WORKSTREAMS
from caregate.programmes.models import (
    LegalEntity,
    Person,
    Programme,
    RoleAssignment,
    Site,
    Workstream,
)
from caregate.spreadsheets.models import ImportRun

HEADINGS = ["Name", "E-mail", "Job title", "Role", "Workstream", "Site"]

#: Four role rows for three people: Ann holds two roles.
PEOPLE_ROWS = [
    [
        "Ann Jansen",
        "ann.jansen@example.org",
        "Head of purchasing",
        "Process owner",
        "Procurement and supply",
        "",
    ],
    ["Ann Jansen", "ann.jansen@example.org", "Head of purchasing", "Data steward", "", "amc"],
    ["Bram de Vries", "bram@example.org", "CFO", "Programme sponsor", "", ""],
    ["Chloé Martin", "chloe@example.org", "PMO officer", "PMO", "", ""],
]


@pytest.fixture
def programme(db):
    return make_programme("north", "North Care Group")


def make_programme(key: str, name: str) -> Programme:
    """A programme with the four default workstreams and two sites (no gates: not needed)."""
    programme = Programme.objects.create(key=key, name=name)
    for order, spec in enumerate(WORKSTREAMS, start=1):
        Workstream.objects.create(programme=programme, order=order, **spec)
    entity = LegalEntity.objects.create(programme=programme, name="North Care BV")
    Site.objects.create(
        programme=programme,
        entity=entity,
        code="amc",
        name="Amsterdam Medical Centre",
        kind=Site.Kind.HOSPITAL,
    )
    Site.objects.create(
        programme=programme,
        entity=entity,
        code="lab-west",
        name="West Laboratory",
        kind=Site.Kind.LABORATORY,
    )
    return programme


def xlsx_bytes(rows, *, sheet="People", headings=HEADINGS, extra_sheets=(), build=None) -> bytes:
    """A real workbook: the sheet with headings then rows; ``build(ws)`` may change it."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    if headings is not None:
        worksheet.append(headings)
    for row in rows:
        worksheet.append(row)
    for name in extra_sheets:
        workbook.create_sheet(name)
    if build is not None:
        build(worksheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows, *, headings=HEADINGS, delimiter=",") -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue()


def register_state(programme) -> dict:
    """Everything the people register and the import history hold, for before/after checks."""
    return {
        "people": sorted(
            Person.objects.filter(programme=programme).values_list(
                "id", "name", "email", "job_title", "updated_at"
            )
        ),
        "roles": sorted(
            RoleAssignment.objects.filter(person__programme=programme).values_list(
                "id", "person__name", "role", "workstream__key", "site__code"
            )
        ),
        "runs": ImportRun.objects.count(),
    }


def role_rows(programme) -> list[tuple]:
    return sorted(
        RoleAssignment.objects.filter(person__programme=programme).values_list(
            "person__name",
            "person__email",
            "person__job_title",
            "role",
            "workstream__key",
            "site__code",
        )
    )


def with_empty_formatted_rows(data: bytes, count: int, sheet_path="xl/worksheets/sheet1.xml"):
    """The workbook with ``count`` formatted but empty rows appended, as Excel leaves them.

    The workbook must already hold one such row (a styled cell without a value) as the
    last row; it is repeated by editing the sheet XML, which is much faster than
    making openpyxl style 50,000 cells.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read(sheet_path).decode()
    last = list(re.finditer(r'<row r="(\d+)"[^>]*>(<c r="A\d+" s="(\d+)"[^>]*/>)</row>', xml))[-1]
    first_row, style = int(last.group(1)), last.group(3)
    rows = "".join(
        f'<row r="{number}"><c r="A{number}" s="{style}" t="n"/></row>'
        for number in range(first_row + 1, first_row + 1 + count)
    )
    xml = xml.replace("</sheetData>", rows + "</sheetData>")
    xml = re.sub(r'<dimension ref="[^"]+"/>', f'<dimension ref="A1:F{first_row + count}"/>', xml)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, xml if item.filename == sheet_path else source.read(item))
    return output.getvalue()


_INLINE_CELL = re.compile(
    r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
)


def with_shared_strings(data: bytes, sheet_path="xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with its text cells moved to a shared-string table, as Excel saves them.

    openpyxl writes text inline; Excel, LibreOffice and Google Sheets write a table of
    strings and refer to it by index. This rewrites one into the other.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    xml = source.read(sheet_path).decode()
    strings: list[str] = []

    def shared(match):
        strings.append(match.group(3))
        return f'<c r="{match.group(1)}"{match.group(2)} t="s"><v>{len(strings) - 1}</v></c>'

    xml = _INLINE_CELL.sub(shared, xml)
    xml = re.sub(r'<c r="[A-Z]+\d+"[^>]*? t="inlineStr" ?/>', "", xml)  # "" cells: Excel omits
    table = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>"
    )
    content_types = (
        source.read("[Content_Types].xml")
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    rels = (
        source.read("xl/_rels/workbook.xml.rels")
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    )
    replaced = {
        sheet_path: xml,
        "[Content_Types].xml": content_types,
        "xl/_rels/workbook.xml.rels": rels,
    }
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, replaced.get(item.filename, source.read(item)))
        target.writestr("xl/sharedStrings.xml", table)
    return output.getvalue()
