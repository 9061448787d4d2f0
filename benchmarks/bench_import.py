"""People register at 20,000 role rows: spreadsheet read, validation and import time.

Goal: a 20,000-row register import under 10 s into SQLite (validation and
write). The script builds a fresh SQLite database in a temporary folder, writes
a 20,000-row people/roles XLSX (5,000 people with four roles each, scoped to
four workstreams and ten sites) with openpyxl, then times:

* reading the sheet alone (text written inline, as openpyxl and Caregate's own
  exports do, and in a shared-string table, as Excel saves it) and reading +
  validating it (no writes);
* the first import (20,000 rows created), timed twice: without the per-record
  audit entries (the engine's own cost) and with them (what a user waits for);
* a second import of the same file (all unchanged: nothing written);
* the same register as CSV;
* reading a small sheet followed by 50,000 formatted empty rows.

Run: ``.venv/bin/python benchmarks/bench_import.py [--rows 20000]``.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IMPORT_GOAL_S = 10.0
ROLES_PER_PERSON = 4
SITES = 10


def setup_django(folder: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "caregate.settings"
    os.environ["CAREGATE_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench-import.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_programme(key: str):
    from caregate.programmes.defaults import WORKSTREAMS
    from caregate.programmes.models import LegalEntity, Programme, Site, Workstream

    programme = Programme.objects.create(key=key, name=f"Import benchmark {key}")
    for order, spec in enumerate(WORKSTREAMS, start=1):
        Workstream.objects.create(programme=programme, order=order, **spec)
    entity = LegalEntity.objects.create(programme=programme, name="Benchmark BV")
    for number in range(SITES):
        Site.objects.create(
            programme=programme,
            entity=entity,
            code=f"site-{number:02d}",
            name=f"Site {number:02d}",
            kind=Site.Kind.HOSPITAL,
        )
    return programme


def people_rows(count: int) -> list[list[str]]:
    """``count`` role rows: every person holds four roles, each scoped differently."""
    from caregate.programmes.defaults import WORKSTREAMS
    from caregate.programmes.models import Role

    workstreams = [str(spec["name"]) for spec in WORKSTREAMS]
    roles = [str(label) for _value, label in Role.choices]
    rows = []
    for index in range(count):
        person, slot = divmod(index, ROLES_PER_PERSON)
        role = roles[(person + slot) % len(roles)]
        workstream = workstreams[(person + slot) % len(workstreams)] if slot % 2 == 0 else ""
        site = f"site-{(person * 3 + slot) % SITES:02d}" if slot % 2 == 1 else ""
        rows.append(
            [
                f"Person {person:05d}",
                f"person.{person:05d}@example.org",
                f"Job title {person % 37}",
                role,
                workstream,
                site,
            ]
        )
    return rows


def workbook_bytes(rows, empty_formatted_rows: int = 0) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from caregate.programmes.sheets import COLUMNS

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("People")
    sheet.append([column.heading for column in COLUMNS])
    for row in rows:
        sheet.append(row)
    bold = Font(bold=True)
    for _ in range(empty_formatted_rows):
        cell = WriteOnlyCell(sheet, value=None)
        cell.font = bold
        sheet.append([cell])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    options = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        setup_django(folder)
        from caregate.programmes.models import RoleAssignment
        from caregate.spreadsheets import importer
        from caregate.spreadsheets.exporter import export_csv
        from caregate.spreadsheets.importer import import_file, validate
        from caregate.spreadsheets.reader import read_table
        from caregate.spreadsheets.schema import get_schema

        schema = get_schema("people")
        rows = people_rows(options.rows)
        build_s, data = timed(workbook_bytes, rows)
        print(
            f"{options.rows:,} role rows, {len(data) / 1e6:.1f} MB XLSX "
            f"(built in {build_s:.1f} s, not counted)"
        )
        figures: dict[str, float] = {}

        programme = make_programme("bench-a")
        from tests.spreadsheets.conftest import with_shared_strings

        figures["read sheet (inline strings, as openpyxl and Caregate write)"], table = timed(
            read_table, schema, data, "people.xlsx"
        )
        excel_like = with_shared_strings(data)
        figures["read sheet (shared strings, as Excel saves)"], table = timed(
            read_table, schema, excel_like, "people.xlsx"
        )
        assert len(table.rows) == options.rows and not table.problems
        figures["read + validate"], (parsed, problems) = timed(
            lambda: validate(schema, read_table(schema, data, "people.xlsx"), programme)
        )
        assert not problems and len(parsed) == options.rows, problems[:3]

        original = importer._audit_module
        importer._audit_module = lambda: None
        try:
            figures["first import, without audit entries"], run = timed(
                import_file, "people", data, "people.xlsx", programme, None
            )
        finally:
            importer._audit_module = original
        assert run.created == options.rows

        second = make_programme("bench-b")
        figures["first import (all created, audited)"], run = timed(
            import_file, "people", data, "people.xlsx", second, None
        )
        assert run.created == options.rows
        figures["same file again (all unchanged)"], run = timed(
            import_file, "people", data, "people.xlsx", second, None
        )
        assert (run.created, run.updated, run.unchanged) == (0, 0, options.rows)

        csv_data = export_csv("people", second)
        figures["same register as CSV (all unchanged)"], run = timed(
            import_file, "people", csv_data, "people.csv", second, None
        )
        assert run.unchanged == options.rows

        padded = workbook_bytes(rows[:20], empty_formatted_rows=50_000)
        figures["read 20 rows + 50,000 formatted empty rows"], table = timed(
            read_table, schema, padded, "padded.xlsx"
        )
        assert len(table.rows) == 20 and not table.problems
        assert RoleAssignment.objects.filter(person__programme=second).count() == options.rows

        width = max(len(name) for name in figures)
        for name, seconds in figures.items():
            print(f"  {name:<{width}}  {seconds:7.2f} s")
        audited = figures["first import (all created, audited)"]
        verdict = "met" if audited < IMPORT_GOAL_S else "MISSED"
        engine = figures["first import, without audit entries"]
        print(
            f"  import goal {IMPORT_GOAL_S:.0f} s, first import audited: {verdict}; "
            f"engine alone: {'met' if engine < IMPORT_GOAL_S else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
