"""`caregate demo`: build the demo programme, collect its evidence, assess, report, exit.

The demo is deterministic for a given --seed: the same evidence and the same
planted defects every run (only the demo passwords change). It replaces the
previous demo programme; other programmes are left alone.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from rich.table import Table

from caregate.core.console import console, fail, print_readiness, progress_bar
from caregate.demo.generator import generate_snapshot
from caregate.demo.programme import build_demo_programme
from caregate.evidence.services import register_snapshot
from caregate.evidence.snapshot import Snapshot
from caregate.gates.assessment import assess
from caregate.gates.report import write_report


class Command(BaseCommand):
    help = "Build the embedded demo programme, assess every gate and write the report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=1.0, help="data volume (1: ~100,000 stock moves)"
        )
        parser.add_argument("--seed", type=int, default=20261203)
        parser.add_argument("--report", help="where to write the HTML report")

    def handle(self, *args, **options):
        if not 0 < options["scale"] <= 100:
            raise fail(f"--scale {options['scale']:g} is out of range (0 < scale <= 100)")
        timings = {}
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        timings["database"] = time.perf_counter() - started

        as_of = dt.datetime.now(dt.UTC).replace(microsecond=0)
        step = time.perf_counter()
        with progress_bar() as progress:
            task = progress.add_task("Generating demo evidence", total=None)

            def report_progress(name, done, total):
                progress.update(task, description=f"Generating {name}", completed=done, total=total)

            path = generate_snapshot(
                settings.SNAPSHOT_DIR,
                scale=options["scale"],
                seed=options["seed"],
                as_of=as_of,
                progress=report_progress,
            )
        timings["evidence"] = time.perf_counter() - step

        step = time.perf_counter()
        # Just written; register_snapshot below re-hashes every file, so once is enough.
        snapshot = Snapshot.open(path, verify=False)
        programme, logins = build_demo_programme(snapshot, as_of)
        record = register_snapshot(programme, path)
        timings["programme"] = time.perf_counter() - step

        step = time.perf_counter()
        total = sum(gate.criteria.filter(is_active=True).count() for gate in programme.gates.all())
        with progress_bar() as progress:
            task = progress.add_task("Assessing criteria", total=total)
            assessment = assess(
                programme,
                record,
                as_of=as_of,
                trigger="demo",
                progress=lambda _criterion: progress.advance(task),
            )
        timings["assessment"] = time.perf_counter() - step

        print_readiness(assessment)
        report_path = options["report"] or settings.REPORT_DIR / "demo-report.html"
        write_report(assessment, report_path)
        console.print(f"\nReport: [bold]{report_path}[/]")
        console.print(
            f"Evidence: {record.total_rows:,} records in {len(record.row_counts)} models at {path}"
        )
        console.print(
            "Timings: "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
            + f"; total {time.perf_counter() - started:.1f} s"
        )

        table = Table(title="Demo logins (passwords are new on every run)", title_justify="left")
        table.add_column("User")
        table.add_column("Password")
        table.add_column("Access")
        table.add_column("Person")
        for login in logins:
            table.add_row(login.username, login.password, login.access, login.person or "—")
        console.print(table)
