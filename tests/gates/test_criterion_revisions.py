"""Programmes tighten, relax (with a recorded reason) or add criteria."""

import pytest

from caregate.gates.models import Criterion, CriterionRevision
from caregate.gates.services import CriterionChangeRefused, add_criterion, revise_criterion
from caregate.programmes.models import Role
from caregate.programmes.services import get_or_create_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return get_or_create_programme("rev", "Revisions")


def _criterion(programme, gate_key, key) -> Criterion:
    return Criterion.objects.get(gate__programme=programme, gate__key=gate_key, key=key)


def test_relaxing_without_a_reason_is_refused_and_nothing_changes(programme):
    admins = _criterion(programme, "go-live", "few-access-admins")

    with pytest.raises(CriterionChangeRefused, match="relaxing it needs a reason"):
        revise_criterion(admins, threshold=5)

    admins.refresh_from_db()
    assert admins.threshold == 2
    assert CriterionRevision.objects.count() == 0


def test_relaxing_with_a_reason_records_before_after_and_why(programme, django_user_model):
    pmo = django_user_model.objects.create_user("pmo")
    admins = _criterion(programme, "go-live", "few-access-admins")

    revise_criterion(admins, user=pmo, reason="Two sites need a local admin", threshold=4)

    revision = admins.revisions.get()
    assert revision.direction == "relaxed"
    assert revision.changes == {"threshold": [2.0, 4]}
    assert revision.reason == "Two sites need a local admin"
    assert revision.changed_by == pmo


def test_raising_an_at_least_threshold_is_tightening(programme):
    accuracy = _criterion(programme, "hypercare", "stock-accuracy")

    revise_criterion(accuracy, threshold=99.5)

    assert accuracy.revisions.get().direction == "tightened"


def test_making_a_criterion_advisory_or_inactive_is_relaxing(programme):
    fresh = _criterion(programme, "go-live", "evidence-fresh")

    with pytest.raises(CriterionChangeRefused):
        revise_criterion(fresh, severity="advisory")
    with pytest.raises(CriterionChangeRefused):
        revise_criterion(fresh, is_active=False)
    revise_criterion(fresh, max_age_hours=12)

    assert fresh.revisions.get().direction == "tightened"


def test_unknown_fields_cannot_be_revised(programme):
    fresh = _criterion(programme, "go-live", "evidence-fresh")

    with pytest.raises(CriterionChangeRefused, match="cannot change kind"):
        revise_criterion(fresh, kind="metric")


def test_a_programme_adds_its_own_criterion(programme):
    gate = programme.gates.get(key="go-live")

    criterion = add_criterion(
        gate,
        reason="Regulator asks for a cutover manager sign-off",
        key="cutover-signoff",
        title="Cutover manager approves the runbook",
        kind="signoff",
        signoff_role=Role.CUTOVER_MANAGER,
        owner_role=Role.CUTOVER_MANAGER,
        explanation="The runbook is rehearsed.",
        next_action="Rehearse the runbook.",
    )

    assert criterion.is_default is False
    assert criterion.order == gate.criteria.count()
    assert criterion.revisions.get().direction == "added"
