"""The main job through the real console command, in child processes on a fresh SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CAREGATE = str(Path(sys.executable).with_name("caregate"))


def caregate(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CAREGATE_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [CAREGATE, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    completed = caregate(data_dir, "demo", "--scale", "0.05")
    assert completed.returncode == 0, completed.stderr
    (data_dir / "demo.out").write_text(completed.stdout)
    return data_dir


def test_demo_prints_the_summary_the_blockers_and_the_logins(demo_dir):
    out = (demo_dir / "demo.out").read_text()

    assert "Design authority approval" in out
    assert "NOT READY" in out
    assert "Every critical product has a vendor" in out
    assert "Programme sponsor approves go-live" in out
    for username in ("admin", "sponsor", "pmo", "owner", "viewer"):
        assert f"│ {username} " in out
    report = demo_dir / "reports" / "demo-report.html"
    assert report.is_file()
    assert "Every critical product has a vendor" in report.read_text()


def test_assess_exits_1_when_a_gate_is_not_ready(demo_dir):
    completed = caregate(demo_dir, "assess", "--gate", "go-live")

    assert completed.returncode == 1
    assert "NOT READY" in completed.stdout
    assert "Programme sponsor approves go-live" in completed.stdout


def test_an_unknown_gate_is_one_line_and_exit_2(demo_dir):
    completed = caregate(demo_dir, "assess", "--gate", "launch")

    assert completed.returncode == 2
    assert completed.stderr.strip() == (
        "Error: programme northbridge has no gate launch "
        "(gates: design-authority, go-live, hypercare, migration-and-test)"
    )


def test_a_changed_snapshot_file_is_refused(demo_dir, tmp_path):
    snapshot = next(path for path in (demo_dir / "snapshots").iterdir() if path.is_dir())
    target = snapshot / "res.partner.parquet"
    original = target.read_bytes()
    target.chmod(0o644)
    target.write_bytes(original + b"x")
    try:
        completed = caregate(demo_dir, "assess")
    finally:
        target.write_bytes(original)

    assert completed.returncode == 2
    assert "res.partner.parquet (res.partner) does not match the SHA-256" in completed.stderr
    assert len(completed.stderr.strip().splitlines()) == 1


def test_report_for_an_unknown_assessment_is_refused(demo_dir):
    completed = caregate(demo_dir, "report", "--assessment", "9999")

    assert completed.returncode == 2
    assert "has no assessment 9999" in completed.stderr
