"""Test management at 5,000 scenarios, 50,000 executions and 10,000 defects.

Goals (issue 5): the coverage pages and the exit-criteria evaluation under 500 ms
server time each.

The script builds a fresh SQLite database in a temporary folder (or uses
DATABASE_URL when --use-database-url is given), bulk-creates the records — four
cycles (SIT and UAT at two sites; 15,000 scope rows), executions spread over the
in-scope scenarios, defects of all severities — then times, each 7 times after a
warm-up, median and maximum:

* the cycle list page (coverage by cycle, workstream and site over all cycles) and a
  cycle detail page (status of its 5,000 scenarios, 200 per page, and coverage by
  workstream),
  through Django's test Client (the whole request);
* the five register conditions of the exit criteria, together (what an assessment of
  the migration-and-test gate runs for testing).

Run: ``.venv/bin/python benchmarks/bench_testing.py [--scenarios 5000]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL_MS = 500.0
REPEATS = 7
CONDITION_KEYS = (
    "open_severity1_defects",
    "severity2_defects_over_limit",
    "acceptance_scenarios_not_run",
    "acceptance_pass_rate_below_threshold",
    "acceptance_workstreams_not_signed_off",
)


def setup_django(folder: str, use_database_url: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caregate.settings")
    os.environ["CAREGATE_DATA_DIR"] = folder
    if not use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench-testing.sqlite3"
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(scenario_count: int, execution_count: int, defect_count: int):
    """The programme with its bulk-created test records; returns (programme, cycles)."""
    from caregate.programmes.models import LegalEntity, Programme, Site
    from caregate.programmes.services import get_or_create_programme
    from caregate.testing.models import Defect, Execution, Scenario, TestCycle

    rng = random.Random(42)
    Programme.objects.filter(key="bench-testing").delete()
    programme = get_or_create_programme("bench-testing", "Testing benchmark")
    entity = LegalEntity.objects.create(programme=programme, name="Bench entity")
    sites = [
        Site.objects.create(
            programme=programme, entity=entity, code=f"s{n}", name=f"Site {n}", kind="hospital"
        )
        for n in (1, 2)
    ]
    workstreams = list(programme.workstreams.all())
    scenarios = Scenario.objects.bulk_create(
        (
            Scenario(
                programme=programme,
                reference=f"SC-{n:05d}",
                title=f"Scenario {n}",
                workstream=workstreams[n % len(workstreams)],
            )
            for n in range(1, scenario_count + 1)
        ),
        batch_size=2000,
    )
    cycles = []
    for site, share in ((sites[0], 1.0), (sites[1], 0.5)):
        for kind in ("sit", "uat"):
            cycle = TestCycle.objects.create(
                programme=programme, kind=kind, name=f"{kind.upper()} {site.name}", site=site
            )
            in_scope = scenarios[: int(len(scenarios) * share)]
            cycle.scenarios.add(*in_scope)
            cycles.append((cycle, in_scope))
    start = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    executions = []
    for n in range(execution_count):
        cycle, in_scope = cycles[n % len(cycles)]
        executions.append(
            Execution(
                cycle=cycle,
                scenario=rng.choice(in_scope),
                result=rng.choices(("passed", "failed", "blocked"), (7, 2, 1))[0],
                executed_at=start + dt.timedelta(minutes=n),
            )
        )
    Execution.objects.bulk_create(executions, batch_size=5000)
    statuses = ("open", "in_fix", "fixed", "closed", "rejected")
    Defect.objects.bulk_create(
        (
            Defect(
                programme=programme,
                reference=f"DEF-{n:05d}",
                title=f"Defect {n}",
                severity=rng.choice((1, 2, 3, 4)),
                status=rng.choice(statuses),
                scenario=rng.choice(scenarios),
                workaround_agreed=rng.random() < 0.5,
            )
            for n in range(1, defect_count + 1)
        ),
        batch_size=5000,
    )
    return programme, [cycle for cycle, _ in cycles]


def timed(function, repeats: int = REPEATS) -> tuple[float, float]:
    function()  # warm-up
    times = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, default=5000)
    parser.add_argument("--executions", type=int, default=50000)
    parser.add_argument("--defects", type=int, default=10000)
    parser.add_argument("--use-database-url", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder, args.use_database_url)
        from django.contrib.auth import get_user_model
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from caregate.gates.registers import CONDITIONS
        from caregate.programmes.access import grant_access

        started = time.perf_counter()
        programme, cycles = build(args.scenarios, args.executions, args.defects)
        print(
            f"built {args.scenarios:,} scenarios, {args.executions:,} executions, "
            f"{args.defects:,} defects in {time.perf_counter() - started:.1f} s "
            f"({connection.vendor})"
        )
        user, _created = get_user_model().objects.get_or_create(username="bench-testing")
        grant_access(user, "viewer")
        client = Client()
        client.force_login(user)

        def page(url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)

            return get

        def conditions():
            return [CONDITIONS[key](programme) for key in CONDITION_KEYS]

        checks = (
            ("cycle list: coverage by cycle, workstream, site", page("/testing/")),
            (
                f"cycle detail ({cycles[1].name}, 5,000 in scope, page 1)",
                page(f"/testing/cycles/{cycles[1].pk}/"),
            ),
            (
                "cycle detail, failed only, page 3",
                page(f"/testing/cycles/{cycles[1].pk}/?status=failed&page=3"),
            ),
            ("exit criteria: the five register conditions", conditions),
        )
        worst = 0.0
        for label, function in checks:
            # The test client resets the query log per request: count what a condition run does.
            with CaptureQueriesContext(connection) as queries:
                function()
            count = f"{len(queries.captured_queries):3} queries" if function is conditions else ""
            median, maximum = timed(function)
            worst = max(worst, median)
            verdict = "ok" if median < GOAL_MS else "OVER GOAL"
            print(
                f"{label:55} median {median:7.1f} ms  max {maximum:7.1f} ms  {count:11}  {verdict}"
            )
        print(f"goal: under {GOAL_MS:.0f} ms median each")
        return 0 if worst < GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
