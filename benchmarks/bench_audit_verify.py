"""Time `caregate audit verify` over a million chained audit entries.

A throwaway SQLite database under a temporary CAREGATE_DATA_DIR is migrated
(Caregate's own settings, with only the apps the audit tables need, so the
figure does not depend on the rest of the product) and filled with chained
entries (hashes computed in Python with the same canonical form; rows adapted
by Django's own field code and inserted with executemany in batches, several
times faster than bulk_create's per-field compilation). A second Python process
then runs verify_chain, the function the command uses, and reports its own
wall time, entries per second and peak resident memory. Goal: under 30 s.

Run: ``.venv/bin/python benchmarks/bench_audit_verify.py [entries] [--keep FOLDER]``
(default 1,000,000 entries; ``--keep`` keeps the filled database to time verify again).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

GOAL_SECONDS = 30.0
SETTINGS = """
from caregate.settings import *  # noqa: F403

INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "caregate.audit"]
"""
BATCH = 20_000

FILL = """
import datetime as dt, sys, time
import django
django.setup()
from django.core.management import call_command
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from caregate.audit.canonical import GENESIS_HASH, canonical_time, row_digest
from caregate.audit.models import AuditChainHead, AuditEntry

total, batch = int(sys.argv[1]), int(sys.argv[2])
call_command("migrate", verbosity=0)
users = [get_user_model().objects.create(username=name) for name in ("pmo", "anja", "ruth")]
actions = ["update", "create", "sign", "update", "sign_refused", "import"]
models = ["gates.criterion", "gates.signoff", "registers.gap", "registers.decision"]
# Django's own column adaptation, so the rows are stored exactly as record() stores them.
adapt_time = connection.ops.adapt_datetimefield_value
changes_field = AuditEntry._meta.get_field("changes")
columns = [field.column for field in AuditEntry._meta.concrete_fields if not field.primary_key]
insert = (
    f"INSERT INTO {AuditEntry._meta.db_table} ({', '.join(columns)}) "
    f"VALUES ({', '.join(['%s'] * len(columns))})"
)
assert columns == ["sequence", "recorded_at", "actor_id", "actor_name", "action",
                   "target_model", "target_id", "target_repr", "changes", "reason",
                   "prev_hash", "entry_hash"], columns
started = time.perf_counter()
base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
prev = GENESIS_HASH
sequence = 0
while sequence < total:
    rows = []
    for _ in range(min(batch, total - sequence)):
        sequence += 1
        user = users[sequence % 3] if sequence % 7 else None
        moment = base + dt.timedelta(milliseconds=sequence * 37)
        values = [
            sequence,
            canonical_time(moment),
            user.pk if user else None,
            user.username if user else "",
            actions[sequence % len(actions)],
            models[sequence % len(models)],
            str(sequence % 5000),
            f"Record {sequence % 5000} of the rollout register",
            {"threshold": [sequence % 10, sequence % 10 + 0.5], "status": ["open", "done"]},
            "Relaxed for wave 2 after the steering committee" if sequence % 3 else "",
            prev,
        ]
        prev = row_digest(*values)
        values[1] = adapt_time(moment)
        values[8] = changes_field.get_db_prep_save(values[8], connection)
        values.append(prev)
        rows.append(values)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(insert, rows)
AuditChainHead.objects.create(pk=1, last_sequence=sequence, last_hash=prev)
print(f"{time.perf_counter() - started:.1f}")
"""

VERIFY = """
import json, resource, time
import django
django.setup()
from caregate.audit.verification import verify_chain
started, cpu_started = time.perf_counter(), time.process_time()
result = verify_chain()
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"seconds": seconds, "cpu": cpu, "checked": result.checked,
                  "summary": result.summary(), "peak": peak}))
"""


def run(folder: str, total: int) -> bool:
    """Fill the folder's database unless it already holds the entries, then time verify."""
    with open(os.path.join(folder, "bench_audit_settings.py"), "w") as settings:
        settings.write(SETTINGS)
    env = {
        **os.environ,
        "CAREGATE_DATA_DIR": folder,
        "DJANGO_SETTINGS_MODULE": "bench_audit_settings",
        "PYTHONPATH": os.pathsep.join([folder, os.getcwd()]),
    }
    env.pop("DATABASE_URL", None)
    database = os.path.join(folder, "caregate.sqlite3")
    if os.path.exists(database):
        print(f"reusing {database}")
    else:
        fill = subprocess.run(
            [sys.executable, "-c", FILL, str(total), str(BATCH)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        fill_seconds = float(fill.stdout.strip().splitlines()[-1])
        print(
            f"filled {total:,} chained entries in {fill_seconds:.1f} s "
            f"({total / fill_seconds:,.0f} entries/s; "
            f"database {os.path.getsize(database) / 1024**2:.0f} MiB)"
        )
    started = time.perf_counter()
    verify = subprocess.run(
        [sys.executable, "-c", VERIFY], capture_output=True, text=True, check=True, env=env
    )
    wall = time.perf_counter() - started
    figures = json.loads(verify.stdout.strip().splitlines()[-1])
    seconds = figures["seconds"]
    met = seconds < GOAL_SECONDS
    print(f"verify: {figures['summary']}")
    print(
        f"verify: {seconds:.1f} s ({figures['checked'] / seconds:,.0f} entries/s; "
        f"{figures['cpu']:.1f} s CPU; {wall:.1f} s with Django start-up), "
        f"peak RSS {figures['peak'] / 1024**2:.0f} MiB "
        f"(goal {GOAL_SECONDS:.0f} s: {'met' if met else 'MISSED'})"
    )
    return met and figures["checked"] == total


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", nargs="?", type=int, default=1_000_000)
    parser.add_argument(
        "--keep",
        metavar="FOLDER",
        help="fill (or reuse) the database in this folder and keep it, to time verify again",
    )
    args = parser.parse_args(argv)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        return 0 if run(os.path.abspath(args.keep), args.entries) else 1
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as folder:
        return 0 if run(folder, args.entries) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
