"""The decision log: append-only entries, corrections, gate sign-offs and waivers."""

import datetime as dt

import pytest

from caregate.decisions.models import DecisionLogEntry, DecisionLogIsAppendOnly, Waiver
from caregate.decisions.services import DecisionRefused, correct_entry, grant_waiver
from caregate.gates.assessment import assess
from caregate.gates.services import record_signoff
from caregate.programmes.models import Role
from tests.design_authority.factories import AS_OF, TODAY

pytestmark = pytest.mark.django_db


def _result(assessment, gate_key, criterion_key):
    return assessment.verdicts.get(gate__key=gate_key).results.get(criterion__key=criterion_key)


def test_a_gate_signoff_is_logged_citing_the_latest_assessment(world):
    programme, people, _gaps = world
    assessment = assess(programme, as_of=AS_OF)
    gate = programme.gates.get(key="migration-and-test")
    cited = list(
        assessment.verdicts.get(gate=gate).results.order_by("id").values_list("id", flat=True)
    )

    signoff = record_signoff(gate, people["pmo"], Role.PMO, "rejected", comment="Not clean.")

    entry = DecisionLogEntry.objects.get(programme=programme)
    assert (entry.kind, entry.outcome, entry.rationale) == (
        "gate_signoff",
        "rejected",
        "Not clean.",
    )
    assert entry.decided_by == people["pmo"]
    assert entry.subject_model == "gates.signoff"
    assert entry.subject_id == str(signoff.pk)
    assert entry.evidence["assessment_id"] == assessment.pk
    assert entry.evidence["criterion_result_ids"] == cited
    assert entry.evidence["gate_ready"] is False
    assert entry.evidence["snapshot_id"] is None


def test_entries_refuse_to_change_or_be_deleted_and_corrections_point_back(world):
    programme, people, _gaps = world
    gate = programme.gates.get(key="go-live")
    record_signoff(gate, people["pmo"], Role.PMO, "approved", comment="Typo in role.")
    original = DecisionLogEntry.objects.get(programme=programme)

    original.summary = "rewritten"
    with pytest.raises(DecisionLogIsAppendOnly):
        original.save()
    with pytest.raises(DecisionLogIsAppendOnly):
        original.delete()
    correction = correct_entry(
        DecisionLogEntry.objects.get(pk=original.pk),
        people["pmo"],
        "The approval was for the migration gate.",
        outcome="withdrawn",
    )

    assert DecisionLogEntry.objects.get(pk=original.pk).summary != "rewritten"
    assert correction.reference == "DL-0002"
    assert correction.corrects_id == original.pk
    assert correction.outcome == "withdrawn"
    assert correction.subject_id == original.subject_id
    assert list(original.corrections.all()) == [correction]


def test_only_the_decider_pmo_or_sponsor_may_correct(world):
    programme, people, _gaps = world
    gate = programme.gates.get(key="go-live")
    record_signoff(gate, people["pmo"], Role.PMO, "approved")
    entry = DecisionLogEntry.objects.get(programme=programme)

    with pytest.raises(DecisionRefused, match="neither took decision DL-0001"):
        correct_entry(entry, people["owner"], "I disagree.")

    assert DecisionLogEntry.objects.filter(programme=programme).count() == 1


def test_a_waiver_in_force_passes_the_criterion_and_says_so(world):
    programme, people, _gaps = world
    criterion = programme.gates.get(key="design-authority").criteria.get(key="workstreams-owned")

    waiver = grant_waiver(
        criterion,
        people["pmo"],
        "Owners named at the next steering committee.",
        TODAY + dt.timedelta(days=7),
        granted_at=AS_OF - dt.timedelta(days=1),
    )
    waived = _result(assess(programme, as_of=AS_OF), "design-authority", "workstreams-owned")
    expired = _result(
        assess(programme, as_of=AS_OF + dt.timedelta(days=8)),
        "design-authority",
        "workstreams-owned",
    )

    assert waived.outcome == "pass"
    assert waived.reason.startswith("Waived until 2026-03-09 by Tom Okafor:")
    assert waived.evidence["waiver"]["id"] == waiver.pk
    assert waived.evidence["waiver"]["outcome_without_waiver"] == "fail"
    assert expired.outcome == "fail"
    log = DecisionLogEntry.objects.get(programme=programme, kind="waiver")
    assert log.evidence["waiver_id"] == waiver.pk
    assert log.evidence["criterion"] == "workstreams-owned"


def test_only_pmo_or_sponsor_may_waive_and_never_for_long(world):
    programme, people, _gaps = world
    criterion = programme.gates.get(key="go-live").criteria.get(key="no-leaver-access")

    with pytest.raises(DecisionRefused, match="neither PMO nor sponsor"):
        grant_waiver(criterion, people["board"], "Reason.", TODAY, granted_at=AS_OF)
    with pytest.raises(DecisionRefused, match="at most 180 days"):
        grant_waiver(
            criterion, people["pmo"], "Reason.", TODAY + dt.timedelta(days=181), granted_at=AS_OF
        )
    with pytest.raises(DecisionRefused, match="needs a reason"):
        grant_waiver(criterion, people["pmo"], "  ", TODAY, granted_at=AS_OF)

    assert Waiver.objects.count() == 0


def test_deleting_the_programme_takes_its_log_along(world):
    programme, people, _gaps = world
    gate = programme.gates.get(key="go-live")
    record_signoff(gate, people["pmo"], Role.PMO, "approved")
    correct_entry(DecisionLogEntry.objects.get(), people["pmo"], "Wrong gate.")
    from caregate.gates.models import SignOff

    SignOff.objects.filter(gate__programme=programme).delete()
    programme.delete()

    assert DecisionLogEntry.objects.count() == 0
