"""Time the demo snapshot generator at scale 1 and 10.

Each scale runs in a fresh Python subprocess; the script prints the wall time,
the subprocess's peak resident memory and the rows written per model, and
compares them with the goals (scale 1 under 10 s; scale 10 under 90 s and
1.5 GB). Run: ``.venv/bin/python benchmarks/bench_demo.py [scale ...]``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time

GOALS = {1.0: (10.0, None), 10.0: (90.0, 1.5 * 1024**3)}

CHILD = """
import datetime as dt, json, sys
from pathlib import Path
from caregate.demo.generator import generate_snapshot
path = generate_snapshot(Path(sys.argv[1]), scale=float(sys.argv[2]),
                         as_of=dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC))
manifest = json.loads((path / "manifest.json").read_text())
print(json.dumps({model: entry["rows"] for model, entry in manifest["models"].items()}))
"""


def run(scale: float) -> tuple[float, int, dict[str, int]]:
    """Generate one snapshot in a subprocess; return seconds, peak RSS bytes and row counts."""
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as folder:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", CHILD, folder, str(scale)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss (KiB on Linux) is the largest child so far: runs go from small to
    # large scales, so the figure after a run is that run's own peak.
    peak = max(before, after) * 1024
    return seconds, peak, json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    scales = sorted(float(arg) for arg in argv) or sorted(GOALS)
    failed = False
    for scale in scales:
        seconds, peak, rows = run(scale)
        time_goal, memory_goal = GOALS.get(scale, (None, None))
        verdicts = []
        if time_goal is not None:
            verdicts.append(
                f"time goal {time_goal:.0f} s: {'met' if seconds < time_goal else 'MISSED'}"
            )
            failed |= seconds >= time_goal
        if memory_goal is not None:
            met = peak < memory_goal
            verdicts.append(
                f"memory goal {memory_goal / 1024**3:.1f} GB: {'met' if met else 'MISSED'}"
            )
            failed |= not met
        print(
            f"scale {scale:g}: {seconds:.1f} s wall, peak RSS {peak / 1024**2:.0f} MiB"
            + (f" ({'; '.join(verdicts)})" if verdicts else "")
        )
        print(f"  {sum(rows.values()):,} rows in {len(rows)} models")
        for model, count in sorted(rows.items()):
            print(f"    {model:<30} {count:>10,}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
