"""Full approval of a customization, the gate condition and the status rules."""

import datetime as dt

import pytest

from caregate.customizations.conditions import customizations_in_build_without_full_approval
from caregate.customizations.models import Customization
from caregate.customizations.services import (
    CustomizationRefused,
    approval_check,
    create_customization,
    update_customization,
    with_approval_facts,
)
from caregate.design_authority.services import record_decision
from tests.design_authority.factories import AS_OF

pytestmark = pytest.mark.django_db


def complete_fields(people):
    return dict(
        title="Two-signature approval",
        kind="approval_logic",
        justification="compliance",
        justification_text="Controlled-drug rules need two signatories.",
        business_owner=people["owner"],
        architecture_reviewer=people["architect"],
        architecture_outcome="approved",
        architecture_reviewed_on=dt.date(2026, 2, 1),
        test_case_count=4,
        upgrade_impact="low",
        upgrade_versions="17.0, 18.0",
        security_reviewer=people["security"],
        security_outcome="approved_with_conditions",
        security_reviewed_on=dt.date(2026, 2, 3),
    )


def test_a_bare_proposal_misses_everything_in_order(world):
    programme, _people, _gaps = world

    customization = create_customization(programme, None, title="Bare", kind="report")

    assert customization.reference == "CUS-0001"
    assert [item.key for item in approval_check(customization).missing] == [
        "gaps",
        "justification",
        "business_owner",
        "architecture_review",
        "test_cases",
        "upgrade_impact",
        "security_review",
        "design_authority",
    ]


def test_complete_record_is_fully_approved_only_after_the_board_approves(world):
    programme, people, gaps = world
    customization = create_customization(programme, None, gaps=gaps, **complete_fields(people))
    before = approval_check(customization)

    record_decision(customization, people["board"], "approved", "Legal need.", decided_at=AS_OF)

    assert [item.key for item in before.missing] == ["design_authority"]
    assert approval_check(customization).is_fully_approved is True
    customization.refresh_from_db()
    assert customization.status == "approved"


def test_a_later_deferral_withdraws_the_approval(world):
    programme, people, gaps = world
    customization = create_customization(programme, None, gaps=gaps, **complete_fields(people))
    record_decision(customization, people["board"], "approved", "Fine.", decided_at=AS_OF)
    record_decision(
        customization,
        people["board"],
        "deferred",
        "New facts.",
        conditions="Re-review security.",
        decided_at=AS_OF + dt.timedelta(days=1),
    )

    annotated = with_approval_facts(Customization.objects.filter(pk=customization.pk)).get()

    assert annotated.da_outcome == "deferred"
    assert [item.key for item in approval_check(annotated).missing] == ["design_authority"]


def test_unfavourable_review_and_zero_tests_count_as_missing(world):
    programme, people, gaps = world
    fields = complete_fields(people) | {"architecture_outcome": "rejected", "test_case_count": 0}

    customization = create_customization(programme, None, gaps=gaps, **fields)

    assert [item.key for item in approval_check(customization).missing] == [
        "architecture_review",
        "test_cases",
        "design_authority",
    ]


def test_moving_into_build_unapproved_needs_a_reason_and_fails_the_condition(world):
    programme, people, gaps = world
    approved = create_customization(programme, None, gaps=gaps, **complete_fields(people))
    record_decision(approved, people["board"], "approved", "Fine.", decided_at=AS_OF)
    update_customization(approved, None, status="in_build")
    rushed = create_customization(programme, None, gaps=gaps[:1], **complete_fields(people))

    with pytest.raises(CustomizationRefused, match="needs a reason"):
        update_customization(rushed, None, status="in_build")
    rushed.refresh_from_db()
    status_after_refusal = rushed.status
    update_customization(rushed, None, status="in_build", reason="Rehearsal date.")
    finding = customizations_in_build_without_full_approval(programme)

    assert status_after_refusal == "proposed"
    assert finding.record_ids == [rushed.pk]
    assert finding.labels == ["CUS-0002 Two-signature approval"]


def test_gap_changes_are_in_the_audit_trail(world):
    from caregate.audit.services import history

    programme, _people, gaps = world
    customization = create_customization(programme, None, gaps=gaps[:1], title="T", kind="other")

    changed = update_customization(customization, None, gaps=gaps, reason="second gap")

    entry = history(customization).first()
    assert changed is True
    assert entry.changes["gaps"] == [["GAP-0001"], ["GAP-0001", "GAP-0002"]]
    assert entry.reason == "second gap"
