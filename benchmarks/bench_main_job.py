"""Benchmark the main job: `caregate demo` end to end, and `caregate assess` alone.

Goals (issue 2): demo build plus assessment under 30 s at the default scale;
under 3 minutes and 2 GB peak memory at --scale 10; assessment alone on an
existing --scale 10 snapshot under 5 s.

Each run uses a fresh data folder (SQLite) in a temporary directory and runs
the real console command in a child process, so the figures include start-up,
migrations and everything a user waits for.

    .venv/bin/python benchmarks/bench_main_job.py [--scales 1 10]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CAREGATE = str(Path(sys.executable).with_name("caregate"))


def run(args: list[str], data_dir: Path) -> tuple[float, float, int]:
    """Run a caregate command; return wall seconds, its own peak RSS in MB, exit code."""
    env = {**os.environ, "CAREGATE_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    with tempfile.TemporaryFile() as output:
        started = time.perf_counter()
        child = subprocess.Popen([CAREGATE, *args], env=env, stdout=output, stderr=output)
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            output.seek(0)
            print(output.read()[-3000:].decode(errors="replace"), file=sys.stderr)
            raise SystemExit(f"caregate {' '.join(args)} failed with exit code {code}")
    return elapsed, usage.ru_maxrss / 1024, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--assess-repeats", type=int, default=3)
    options = parser.parse_args()

    rows = []
    for scale in options.scales:
        with tempfile.TemporaryDirectory(prefix="caregate-bench-") as folder:
            data_dir = Path(folder)
            seconds, peak_mb, _code = run(["demo", "--scale", f"{scale:g}"], data_dir)
            rows.append((f"demo --scale {scale:g}", seconds, peak_mb))
            assess_times = []
            for _ in range(options.assess_repeats):
                seconds, peak, _code = run(["assess", "--programme", "northbridge"], data_dir)
                assess_times.append(seconds)
            rows.append(
                (
                    f"assess alone, scale {scale:g} (best of {len(assess_times)})",
                    min(assess_times),
                    peak,
                )
            )

    print(f"{'run':<45} {'seconds':>8} {'peak MB':>8}")
    for name, seconds, peak in rows:
        print(f"{name:<45} {seconds:8.1f} {peak:8.0f}")


if __name__ == "__main__":
    main()
