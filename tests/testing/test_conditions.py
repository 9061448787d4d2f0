"""Exit criteria on the migration-and-test gate and the process owners' signed sign-off."""

from __future__ import annotations

import pytest

from caregate.audit.models import AuditEntry, Signature
from caregate.audit.signatures import SignatureRefused
from caregate.gates.models import Criterion
from caregate.gates.registers import CONDITIONS
from caregate.testing.models import CycleSignOff, Defect
from caregate.testing.services import create_defect, record_execution, sign_cycle

from .conftest import PASSWORD, at

pytestmark = pytest.mark.django_db


def _ids(key, programme):
    return CONDITIONS[key](programme).record_ids


def test_the_migration_and_test_gate_gets_the_five_testing_criteria(programme):
    keys = set(
        Criterion.objects.filter(
            gate__programme=programme, gate__key="migration-and-test"
        ).values_list("register_condition", flat=True)
    )
    assert {
        "open_severity1_defects",
        "severity2_defects_over_limit",
        "acceptance_scenarios_not_run",
        "acceptance_pass_rate_below_threshold",
        "acceptance_workstreams_not_signed_off",
    } <= keys


def test_open_severity1_defects_are_listed_until_closed_or_rejected(programme, users):
    pmo = users["pmo"]
    open_one = create_defect(programme, pmo, title="A", severity=1)
    in_fix = create_defect(programme, pmo, title="B", severity=1, status="in_fix")
    create_defect(programme, pmo, title="C", severity=1, status="rejected")
    create_defect(programme, pmo, title="D", severity=2)

    finding = CONDITIONS["open_severity1_defects"](programme)

    assert finding.record_ids == [open_one.id, in_fix.id]
    assert finding.labels == ["DEF-0001 A", "DEF-0002 B"]


def test_severity2_defects_need_an_agreed_workaround_and_stay_under_the_limit(programme, users):
    pmo = users["pmo"]
    agreed = [
        create_defect(programme, pmo, title=f"S{n}", severity=2, workaround_agreed=True)
        for n in range(2)
    ]
    lacking = create_defect(programme, pmo, title="No workaround", severity=2)
    assert _ids("severity2_defects_over_limit", programme) == [lacking.id]

    programme.evidence_settings = {"testing": {"max_open_severity2": 2}}
    assert _ids("severity2_defects_over_limit", programme) == [d.id for d in [*agreed, lacking]]

    Defect.objects.filter(pk=lacking.pk).update(status="closed")
    assert _ids("severity2_defects_over_limit", programme) == []


def test_acceptance_conditions_list_cycles_not_run_and_below_the_pass_rate(
    programme, uat, scenarios, users
):
    pmo = users["pmo"]
    assert _ids("acceptance_scenarios_not_run", programme) == [uat.id]
    assert CONDITIONS["acceptance_pass_rate_below_threshold"](programme).labels == [
        "UAT 1: pass rate nothing run"
    ]
    for scenario in scenarios[:3]:
        record_execution(uat, scenario, pmo, result="passed", executed_at=at(1))
    record_execution(uat, scenarios[3], pmo, result="blocked", executed_at=at(1))

    assert _ids("acceptance_scenarios_not_run", programme) == []
    assert CONDITIONS["acceptance_pass_rate_below_threshold"](programme).labels == [
        "UAT 1: pass rate 75.0 %"
    ]
    programme.evidence_settings = {"testing": {"min_pass_rate": 75}}
    assert _ids("acceptance_pass_rate_below_threshold", programme) == []


def test_no_acceptance_cycle_at_all_fails_the_run_criterion(programme):
    finding = CONDITIONS["acceptance_scenarios_not_run"](programme)
    assert (finding.model, finding.record_ids) == ("programmes.programme", [programme.id])


def test_a_process_owner_signs_off_their_workstream_with_a_password(programme, uat, grace, users):
    procurement = programme.workstreams.get(key="procurement-supply")
    missing_before = CONDITIONS["acceptance_workstreams_not_signed_off"](programme)
    assert procurement.id in missing_before.record_ids
    assert len(missing_before.record_ids) == 4

    signoff = sign_cycle(uat, procurement, users["owner"], PASSWORD, "approved", "All passed")

    assert (signoff.person, signoff.meaning, signoff.workstream) == (grace, "approved", procurement)
    assert signoff.signature.signer == users["owner"]
    assert signoff.signature.target_model == "testing.testcycle"
    after = CONDITIONS["acceptance_workstreams_not_signed_off"](programme)
    assert procurement.id not in after.record_ids
    assert len(after.record_ids) == 3
    assert list(
        AuditEntry.objects.filter(target_model__startswith="testing.")
        .values_list("action", "target_model")
        .order_by("sequence")
    )[-2:] == [("sign", "testing.testcycle"), ("create", "testing.cyclesignoff")]


def test_a_wrong_password_is_refused_logged_and_signs_nothing(programme, uat, grace, users):
    procurement = programme.workstreams.get(key="procurement-supply")

    with pytest.raises(SignatureRefused, match="wrong password"):
        sign_cycle(uat, procurement, users["owner"], "guess", "approved")

    assert (CycleSignOff.objects.count(), Signature.objects.count()) == (0, 0)
    refusal = AuditEntry.objects.get(action="sign_refused")
    assert (refusal.actor, refusal.reason) == (users["owner"], "wrong password")


def test_signing_for_another_person_or_another_workstream_is_refused(programme, uat, grace, users):
    procurement = programme.workstreams.get(key="procurement-supply")
    finance = programme.workstreams.get(key="finance-revenue")

    with pytest.raises(SignatureRefused, match="on behalf of another user"):
        sign_cycle(
            uat, procurement, users["owner"], PASSWORD, "approved", on_behalf_of=users["pmo"]
        )
    with pytest.raises(SignatureRefused, match="not the process owner of finance-revenue"):
        sign_cycle(uat, finance, users["owner"], PASSWORD, "approved")
    with pytest.raises(SignatureRefused, match="not the process owner"):
        sign_cycle(uat, procurement, users["pmo"], PASSWORD, "approved")

    assert CycleSignOff.objects.count() == 0
    assert AuditEntry.objects.filter(action="sign_refused").count() == 3


def test_a_reviewed_signature_is_not_a_signoff(programme, uat, grace, users):
    procurement = programme.workstreams.get(key="procurement-supply")

    sign_cycle(uat, procurement, users["owner"], PASSWORD, "reviewed")

    assert procurement.id in _ids("acceptance_workstreams_not_signed_off", programme)


def test_health_scores_weak_testing_from_passed_share_and_open_defects(
    programme, uat, scenarios, users
):
    from caregate.health.scoring import programme_health

    pmo = users["pmo"]
    for scenario in scenarios[:3]:
        record_execution(uat, scenario, pmo, result="passed", executed_at=at(1))
    create_defect(programme, pmo, title="Critical", severity=1)
    create_defect(programme, pmo, title="High", severity=2)

    weak = {score.key: score for score in programme_health(programme)}["weak-testing"]

    # 3 of 4 passed = 75, minus 25 for the severity-1 and 5 for the severity-2 defect.
    assert weak.score == 45
    assert weak.reasoning == [
        "3 of 4 in-scope scenario runs passed (75 %).",
        "1 open severity-1 defects (-25 each).",
        "1 open severity-2 defects without an agreed workaround (-5 each).",
    ]
    assert [link.label for link in weak.records] == ["DEF-0001 Critical: severity 1, Open"]
