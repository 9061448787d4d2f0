"""Gate assessment: criteria evaluated from evidence, sign-offs and registers."""

import datetime as dt
import os

import pytest

from caregate.evidence.metrics import REGISTRY, all_metrics
from caregate.evidence.services import register_snapshot
from caregate.evidence.snapshot import SnapshotIntegrityError
from caregate.gates.assessment import UnknownGate, assess
from caregate.gates.models import Assessment, Criterion, CriterionResult
from caregate.gates.registers import CONDITIONS
from caregate.gates.services import record_signoff
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme
from tests.snapshots import DEFAULT_COLLECTED_AT, build_snapshot

pytestmark = pytest.mark.django_db

AS_OF = DEFAULT_COLLECTED_AT + dt.timedelta(hours=2)

ORDERPOINTS = [
    # id 11 is the broken one: minimum 50 above maximum 20.
    {
        "id": 10,
        "name": "OP/10",
        "product_id": 1,
        "warehouse_id": 1,
        "location_id": 8,
        "company_id": 1,
        "product_min_qty": 5,
        "product_max_qty": 20,
        "qty_multiple": 1,
        "trigger": "auto",
        "active": True,
    },
    {
        "id": 11,
        "name": "OP/11",
        "product_id": 2,
        "warehouse_id": 1,
        "location_id": 8,
        "company_id": 1,
        "product_min_qty": 50,
        "product_max_qty": 20,
        "qty_multiple": 1,
        "trigger": "auto",
        "active": True,
    },
    {
        "id": 12,
        "name": "OP/12",
        "product_id": 3,
        "warehouse_id": 1,
        "location_id": 8,
        "company_id": 1,
        "product_min_qty": 90,
        "product_max_qty": 10,
        "qty_multiple": 1,
        "trigger": "manual",
        "active": False,
    },
]


@pytest.fixture
def programme():
    return get_or_create_programme("test", "Test programme")


@pytest.fixture
def snapshot_record(programme, tmp_path):
    path = build_snapshot(tmp_path, {"stock.warehouse.orderpoint": ORDERPOINTS})
    return register_snapshot(programme, path)


def _person(programme, name, role, workstream=None):
    person = Person.objects.create(programme=programme, name=name)
    RoleAssignment.objects.create(person=person, role=role, workstream=workstream)
    return person


def _result(assessment, gate_key, criterion_key) -> CriterionResult:
    return CriterionResult.objects.get(
        verdict__assessment=assessment,
        criterion__gate__key=gate_key,
        criterion__key=criterion_key,
    )


def test_a_new_programme_gets_the_ten_stages_and_four_gates(programme):
    stages = list(programme.stages.order_by("order").values_list("key", "gate__key"))
    gates = list(programme.gates.order_by("order").values_list("key", flat=True))

    assert len(stages) == 10
    assert stages[0] == ("discovery", "design-authority")
    assert stages[5] == ("sit-uat", "migration-and-test")
    assert stages[-1] == ("continuous-improvement", None)
    assert gates == ["design-authority", "migration-and-test", "go-live", "hypercare"]
    assert programme.workstreams.count() == 4


def test_every_default_criterion_names_a_metric_or_condition_that_exists(programme):
    metric_keys = {metric.key for metric in all_metrics()}
    for criterion in Criterion.objects.filter(gate__programme=programme):
        if criterion.kind == Criterion.Kind.METRIC:
            assert criterion.metric_key in metric_keys, criterion.key
            assert criterion.operator and criterion.threshold is not None
        if criterion.kind == Criterion.Kind.REGISTER:
            assert criterion.register_condition in CONDITIONS, criterion.key
        assert criterion.explanation and criterion.next_action and criterion.owner_role


def test_a_failing_metric_names_the_records_rule_and_snapshot(programme, snapshot_record):
    assessment = assess(programme, snapshot_record, as_of=AS_OF)

    result = _result(assessment, "migration-and-test", "reorder-rules-sane")
    assert result.outcome == "fail"
    assert result.measured_value == 1
    assert result.evidence["record_ids"] == [11]  # 12 is archived, so it does not count
    assert result.evidence["model"] == "stock.warehouse.orderpoint"
    assert result.evidence["snapshot_id"] == snapshot_record.snapshot_id
    assert result.evidence["rule"] == "orderpoint_min_above_max"
    assert "product_min_qty" in result.evidence["query"]
    assert result.threshold_text == "at most 0"
    assert result.next_action.startswith("Correct the minimum")


def test_a_metric_whose_app_is_missing_cannot_be_evaluated_and_blocks_the_gate(
    programme, snapshot_record
):
    assessment = assess(programme, snapshot_record, as_of=AS_OF)

    result = _result(assessment, "migration-and-test", "no-negative-stock")
    verdict = assessment.verdicts.get(gate__key="migration-and-test")
    assert result.outcome == "cannot_evaluate"
    assert "stock.quant" in result.reason
    assert verdict.ready is False
    assert verdict.blocking_unevaluated >= 1


def make_design_gate_ready(programme) -> None:
    """Owners for every workstream and gate, and both design sign-offs."""
    architect = _person(programme, "Ada Architect", Role.SOLUTION_ARCHITECT)
    board = _person(programme, "Bo Board", Role.DESIGN_AUTHORITY)
    for index, workstream in enumerate(programme.workstreams.all()):
        _person(programme, f"Owner {index}", Role.PROCESS_OWNER, workstream)
    programme.gates.update(primary_owner=architect)
    gate = programme.gates.get(key="design-authority")
    record_signoff(gate, architect, Role.SOLUTION_ARCHITECT, "approved")
    record_signoff(gate, board, Role.DESIGN_AUTHORITY, "approved")


def test_design_gate_is_ready_when_owned_and_signed_even_with_an_advisory_failure(
    programme, snapshot_record
):
    make_design_gate_ready(programme)

    assessment = assess(programme, snapshot_record, as_of=AS_OF)

    verdict = assessment.verdicts.get(gate__key="design-authority")
    advisory = _result(assessment, "design-authority", "purchase-uom-consistent")
    assert advisory.severity == "advisory"
    assert advisory.outcome == "cannot_evaluate"  # no product.template in this snapshot
    assert verdict.ready is True
    assert verdict.passed == verdict.total - 1  # everything but the advisory


def test_register_condition_lists_workstreams_without_an_owner(programme, snapshot_record):
    procurement = programme.workstreams.get(key="procurement-supply")
    _person(programme, "Grace", Role.PROCESS_OWNER, procurement)

    assessment = assess(programme, snapshot_record, as_of=AS_OF)

    result = _result(assessment, "design-authority", "workstreams-owned")
    assert result.outcome == "fail"
    assert result.measured_value == 3
    assert procurement.id not in result.evidence["record_ids"]
    assert "Finance and revenue administration" in result.evidence["labels"]


def test_the_latest_signoff_decides_and_a_rejection_quotes_its_comment(programme, snapshot_record):
    sponsor = _person(programme, "Sam Sponsor", Role.SPONSOR)
    gate = programme.gates.get(key="go-live")
    record_signoff(gate, sponsor, Role.SPONSOR, "approved", signed_at=AS_OF - dt.timedelta(days=3))
    record_signoff(
        gate,
        sponsor,
        Role.SPONSOR,
        "rejected",
        comment="Training behind plan",
        signed_at=AS_OF - dt.timedelta(days=1),
    )

    assessment = assess(programme, snapshot_record, as_of=AS_OF)

    result = _result(assessment, "go-live", "sponsor-signoff")
    assert result.outcome == "fail"
    assert result.measured_text == "rejected by Sam Sponsor"
    assert "Training behind plan" in result.reason


def test_a_signoff_by_someone_without_the_role_is_refused(programme):
    outsider = Person.objects.create(programme=programme, name="Nobody")
    gate = programme.gates.get(key="go-live")

    with pytest.raises(Exception, match="does not hold the role sponsor"):
        record_signoff(gate, outsider, Role.SPONSOR, "approved")
    assert gate.signoffs.count() == 0


def test_stale_evidence_fails_the_freshness_criterion(programme, snapshot_record):
    assessment = assess(
        programme, snapshot_record, as_of=DEFAULT_COLLECTED_AT + dt.timedelta(hours=30)
    )

    result = _result(assessment, "migration-and-test", "evidence-fresh")
    assert result.outcome == "fail"
    assert result.measured_value == pytest.approx(30.0)
    assert result.measured_text == "30.0 h old"


def test_without_any_snapshot_metrics_cannot_be_evaluated(programme):
    assessment = assess(programme, as_of=AS_OF)

    assert assessment.snapshot is None
    assert _result(assessment, "go-live", "no-mixed-access").outcome == "cannot_evaluate"
    assert _result(assessment, "go-live", "evidence-fresh").outcome == "fail"
    assert not any(verdict.ready for verdict in assessment.verdicts.all())


def test_an_unknown_gate_is_refused_and_nothing_is_stored(programme, snapshot_record):
    with pytest.raises(UnknownGate, match="no gate launch"):
        assess(programme, snapshot_record, gate_keys=["launch"], as_of=AS_OF)
    assert Assessment.objects.count() == 0


def test_a_tampered_snapshot_is_refused_and_nothing_is_stored(programme, snapshot_record):
    target = os.path.join(snapshot_record.path, "stock.warehouse.orderpoint.parquet")
    os.chmod(target, 0o644)
    with open(target, "ab") as handle:
        handle.write(b"tampered")

    with pytest.raises(SnapshotIntegrityError, match=r"stock\.warehouse\.orderpoint\.parquet"):
        assess(programme, snapshot_record, as_of=AS_OF)
    assert Assessment.objects.count() == 0


def test_assessing_one_gate_stores_only_that_gate(programme, snapshot_record):
    assessment = assess(programme, snapshot_record, gate_keys=["go-live"], as_of=AS_OF)

    assert list(assessment.verdicts.values_list("gate__key", flat=True)) == ["go-live"]


def test_assessments_are_kept_for_readiness_over_time(programme, snapshot_record):
    assess(programme, snapshot_record, as_of=AS_OF)
    assess(programme, snapshot_record, as_of=AS_OF + dt.timedelta(hours=1))

    assert programme.assessments.count() == 2
    assert (
        CriterionResult.objects.count()
        == 2 * Criterion.objects.filter(gate__programme=programme, is_active=True).count()
    )
    assert len(REGISTRY) >= 9
