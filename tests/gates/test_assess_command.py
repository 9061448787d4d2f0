"""`caregate assess` exit codes: 0 when every assessed gate is ready, 1 when one is not."""

import pytest
from django.core.management import call_command

from caregate.evidence.services import register_snapshot
from caregate.programmes.services import get_or_create_programme
from tests.gates.test_assessment import ORDERPOINTS, make_design_gate_ready
from tests.snapshots import build_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(tmp_path):
    programme = get_or_create_programme("cmd", "Command programme")
    register_snapshot(
        programme,
        build_snapshot(tmp_path / "snapshots", {"stock.warehouse.orderpoint": ORDERPOINTS}),
    )
    make_design_gate_ready(programme)
    return programme


def test_a_ready_gate_exits_0_and_writes_the_report(programme, tmp_path):
    report = tmp_path / "ready.html"

    call_command("assess", "--programme", "cmd", "--gate", "design-authority", "--report", report)

    assert programme.assessments.get().verdicts.get().ready is True
    assert "Design authority approval" in report.read_text()


def test_a_gate_that_is_not_ready_exits_1(programme, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        call_command("assess", "--programme", "cmd", "--report", tmp_path / "all.html")

    assert exit_info.value.code == 1
