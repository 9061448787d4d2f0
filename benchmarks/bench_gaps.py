"""Gap register at 20,000 gaps: spreadsheet import time and list page server time.

Goals (issue 3): importing a 20,000-row gap register under 10 s (validation and
write, SQLite); a list page over 20,000 gaps under 300 ms server time with a fixed
number of queries per page.

The script builds a fresh SQLite database in a temporary folder (or uses
DATABASE_URL when --use-database-url is given), writes a 20,000-row XLSX with
openpyxl, then times:

* reading + validating the file alone (``validate``), the first import (20,000
  created), a second import of the same file (all unchanged) and an import that
  changes every row; the first import is also timed without the per-record audit
  entries, to show which part of the time is the audit trail's;
* the list page through Django's test Client (the whole request: middleware, view,
  template) for several sorts, filters, searches and pages, each requested 7 times
  after a warm-up; it prints the median and the maximum and the query count of each.

Run: ``.venv/bin/python benchmarks/bench_gaps.py [--rows 20000]``.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IMPORT_GOAL_S = 10.0
PAGE_GOAL_MS = 300.0
REPEATS = 7
RECORDS = re.compile(r"([\d,]+) records?<")

HEADINGS = [
    "Reference", "Workstream", "Process area", "Title", "Description", "Business criticality",
    "Compliance impact", "Workaround feasibility", "Owner", "Resolution path", "Status",
    "Target gate", "Raised on", "Due date",
]  # fmt: skip


def setup_django(folder: str, use_database_url: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caregate.settings")
    os.environ["CAREGATE_DATA_DIR"] = folder
    if not use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench-gaps.sqlite3"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_programme():
    from caregate.programmes.models import Person, Programme, Role, RoleAssignment
    from caregate.programmes.services import get_or_create_programme

    Programme.objects.filter(key="bench-gaps").delete()
    programme = get_or_create_programme("bench-gaps", "Gap register benchmark")
    owners = []
    for index, workstream in enumerate(programme.workstreams.all()):
        for number in range(3):
            person = Person.objects.create(
                programme=programme, name=f"Process Owner {index}-{number}"
            )
            RoleAssignment.objects.create(
                person=person, role=Role.PROCESS_OWNER, workstream=workstream
            )
            owners.append(person.name)
    return programme, owners


def workbook_bytes(rows: int, owners: list[str], *, variant: int = 0) -> bytes:
    """A realistic register: cycling ratings and owners, a quarter of the paths undecided."""
    import datetime as dt

    import openpyxl

    workstreams = [
        "Procurement and supply", "Finance and revenue administration",
        "Workforce coordination", "Support and service operations",
    ]  # fmt: skip
    criticality = ["Critical", "High", "Medium", "Low", "Medium", "High"]
    compliance = ["Regulatory", "None", "Medium", "High", "Low"]
    workaround = ["No workaround", "Easy", "Manual workaround", "Difficult"]
    paths = ["Standard configuration", "Process redesign", "Customization", ""]
    statuses = ["Open", "Analysing", "Resolution agreed", "Resolved", "Closed"]
    gates = ["Design authority approval", "Go-live", "", "Defect and data-quality thresholds met"]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Gaps")
    sheet.append(HEADINGS)
    start = dt.date(2026, 1, 5)
    for index in range(1, rows + 1):
        path = paths[(index // 3) % 4]
        status = statuses[(index + variant) % 5]
        if not path and status in ("Resolution agreed", "Resolved"):
            status = "Analysing"
        raised = start + dt.timedelta(days=index % 200)
        sheet.append(
            [
                f"GAP-{index:05d}",
                workstreams[index % 4],
                f"Process area {index % 37}",
                f"Gap {index}: {['lot', 'approval', 'invoice', 'asset', 'roster'][index % 5]} "
                f"handling variant {variant}",
                "What the business needs and what standard Odoo does instead.",
                criticality[(index + variant) % 6],
                compliance[index % 5],
                workaround[index % 4],
                owners[index % len(owners)] if index % 9 else "",
                path,
                status,
                "go-live" if gates[index % 4] == "Go-live" else gates[index % 4],
                raised,
                raised + dt.timedelta(days=30 + index % 120),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def bench_import(programme, owners, rows: int) -> dict[str, float]:
    from caregate.gaps.models import Gap
    from caregate.spreadsheets import importer
    from caregate.spreadsheets.lookups import Lookups
    from caregate.spreadsheets.reader import read_table
    from caregate.spreadsheets.schema import get_schema

    data = workbook_bytes(rows, owners)
    changed = workbook_bytes(rows, owners, variant=1)
    schema = get_schema("gaps")

    def validate_only():
        table = read_table(schema, data, "gaps.xlsx")
        parsed, problems = importer.validate(schema, table, programme, lookups=Lookups(programme))
        assert not problems, problems[:3]
        return parsed

    def csv_bytes() -> bytes:
        from caregate.spreadsheets.exporter import export_csv

        return export_csv("gaps", programme)

    figures = {}
    figures["read + validate (XLSX)"], _ = timed(validate_only)

    original = importer._audit_module
    importer._audit_module = lambda: None
    try:
        figures["first import, without audit entries"], run = timed(
            importer.import_file, "gaps", data, "gaps.xlsx", programme, None
        )
    finally:
        importer._audit_module = original
    assert run.created == rows, run
    Gap.objects.filter(programme=programme).delete()

    figures["first import (all created, audited)"], run = timed(
        importer.import_file, "gaps", data, "gaps.xlsx", programme, None
    )
    assert run.created == rows, run
    figures["same file again (all unchanged)"], run = timed(
        importer.import_file, "gaps", data, "gaps.xlsx", programme, None
    )
    assert run.unchanged == rows, run
    figures["every row changed (all updated, audited)"], run = timed(
        importer.import_file, "gaps", changed, "gaps-v2.xlsx", programme, None
    )
    assert run.updated > rows // 2, run
    exported = csv_bytes()
    figures["same register as CSV (all unchanged)"], run = timed(
        importer.import_file, "gaps", exported, "gaps.csv", programme, None
    )
    assert run.unchanged == rows, run
    Gap.objects.filter(programme=programme).delete()
    figures["first import from CSV (all created, audited)"], run = timed(
        importer.import_file, "gaps", exported, "gaps.csv", programme, None
    )
    assert run.created == rows, run
    return figures


PAGES = (
    ("default: priority, page 1", ""),
    ("priority, page 200", "?page=200"),
    ("reference ascending, page 57", "?sort=reference&page=57"),
    ("criticality descending", "?sort=-criticality"),
    ("due date, status open", "?sort=due&status=open"),
    ("filter criticality + undecided path", "?criticality=high&path=undecided"),
    ("filter workstream + owner", "?workstream={workstream}&owner={owner}&sort=-due"),
    ("search 'approval'", "?q=approval"),
    ("search 'area 12' sorted by reference, last page", "?q=area+12&sort=-reference&page=last"),
)


def bench_list(programme) -> list[tuple[str, float, float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from caregate.gaps.models import Gap
    from caregate.programmes.access import grant_access

    user, _created = get_user_model().objects.get_or_create(username="bench-gaps-viewer")
    grant_access(user, "viewer")
    client = Client()
    client.force_login(user)
    sample = Gap.objects.filter(programme=programme, owner__isnull=False).first()
    results = []
    for label, query in PAGES:
        url = "/gaps/" + query.format(workstream=sample.workstream_id, owner=sample.owner_id)
        response = client.get(url)  # warm-up (and the check that it works)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        counts = set()
        for _repeat in range(REPEATS):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            counts.add(len(captured))
        assert len(counts) == 1, (url, counts)
        total = int(RECORDS.search(response.content.decode()).group(1).replace(",", ""))
        results.append((label, statistics.median(times), max(times), counts.pop(), total))
    return results


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument(
        "--use-database-url",
        action="store_true",
        help="use DATABASE_URL (e.g. PostgreSQL) instead of a fresh SQLite file",
    )
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-gaps-") as folder:
        setup_django(folder, options.use_database_url)
        from django.db import connection

        programme, owners = make_programme()
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(
            f"Gap register benchmark: {options.rows:,} rows on {connection.vendor}; "
            f"{os.cpu_count()} CPUs, load average {load}"
        )
        print()
        figures = bench_import(programme, owners, options.rows)
        for label, seconds in figures.items():
            print(f"  import  {label:<44} {seconds:6.2f} s")
        first = figures["first import (all created, audited)"]
        verdict = "met" if first < IMPORT_GOAL_S else "MISSED"
        print(f"  import goal {IMPORT_GOAL_S:.0f} s (first import, audited): {verdict}")
        print()
        results = bench_list(programme)
        for label, median, worst, queries, total in results:
            print(
                f"  list    {label:<48} median {median:6.1f} ms  max {worst:6.1f} ms  "
                f"{queries} queries  ({total:,} matching)"
            )
        medians = [median for _l, median, _w, _q, _t in results]
        worst = max(result[2] for result in results)
        query_counts = {result[3] for result in results}
        print(
            f"  list over all pages: median {statistics.median(medians):.1f} ms, "
            f"max {worst:.1f} ms; queries per page {sorted(query_counts)}"
        )
        verdict = "met" if worst < PAGE_GOAL_MS else "MISSED"
        print(f"  list goal {PAGE_GOAL_MS:.0f} ms (every request): {verdict}")
        from caregate.programmes.models import Programme

        Programme.objects.filter(key="bench-gaps").delete()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
