"""Change requests: scores, who may decide, statuses, the agenda and the gate condition."""

import datetime as dt

import pytest

from caregate.audit.models import AuditEntry
from caregate.audit.signatures import SignatureRefused
from caregate.decisions.models import DecisionLogEntry
from caregate.design_authority.conditions import change_requests_undecided_too_long
from caregate.design_authority.services import (
    DesignAuthorityRefused,
    board_agenda,
    create_change_request,
    record_decision,
    sign_decision,
    undecided_too_long,
    update_change_request,
)
from tests.design_authority.factories import AS_OF, PASSWORD, TODAY

pytestmark = pytest.mark.django_db


def submit(programme, title, days_ago, scores=(3, 3, 3), **extra):
    value, compliance, maintainability = scores
    return create_change_request(
        programme,
        None,
        title=title,
        kind="report",
        submitted_on=TODAY - dt.timedelta(days=days_ago),
        business_value=value,
        compliance_impact=compliance,
        maintainability=maintainability,
        **extra,
    )


def test_score_is_the_sum_and_follows_edits(world):
    programme, _people, _gaps = world
    request = submit(programme, "Report", 3, (4, 5, 2))
    first = request.score

    update_change_request(request, None, maintainability=5)

    assert (request.reference, first, request.score) == ("CR-0001", 11, 14)


def test_only_a_board_member_may_decide(world):
    programme, people, _gaps = world
    request = submit(programme, "Report", 3)

    with pytest.raises(DesignAuthorityRefused, match="not a member of the design-authority"):
        record_decision(request, people["pmo"], "approved", "Looks useful.")

    assert request.decisions.count() == 0
    assert DecisionLogEntry.objects.filter(programme=programme).count() == 0


def test_deferring_needs_conditions_and_keeps_it_undecided(world):
    programme, people, _gaps = world
    request = submit(programme, "Feed", 40)

    with pytest.raises(DesignAuthorityRefused, match="conditions"):
        record_decision(request, people["board"], "deferred", "Not yet.")
    record_decision(
        request, people["board"], "deferred", "Not yet.", conditions="After UAT.", decided_at=AS_OF
    )

    request.refresh_from_db()
    assert request.status == "deferred"
    assert [each.pk for each in undecided_too_long(programme, AS_OF)] == [request.pk]


def test_a_decision_moves_the_status_and_is_logged_with_the_scores(world):
    programme, people, _gaps = world
    request = submit(programme, "Feed", 5, (4, 3, 2))

    decision = record_decision(
        request, people["board"], "approved", "Clear value.", decided_at=AS_OF
    )

    request.refresh_from_db()
    entry = DecisionLogEntry.objects.get(programme=programme)
    assert request.status == "approved"
    assert (entry.reference, entry.kind, entry.outcome) == (
        "DL-0001",
        "design_authority",
        "approved",
    )
    assert entry.decided_by == people["board"]
    assert entry.rationale == "Clear value."
    assert entry.evidence == {
        "decision_id": decision.pk,
        "reference": "CR-0001",
        "business_value": 4,
        "compliance_impact": 3,
        "maintainability": 2,
        "score": 9,
    }
    with pytest.raises(DesignAuthorityRefused, match="nothing to decide"):
        record_decision(request, people["board"], "rejected", "Changed my mind.")


def test_signing_a_decision_needs_the_board_members_own_password(world):
    programme, people, _gaps = world
    request = submit(programme, "Feed", 5)
    pmo_user = people["pmo"].user
    board_user = people["board"].user

    with pytest.raises(SignatureRefused, match="wrong password"):
        sign_decision(request, board_user, "guess", "approved", "Fine.")
    with pytest.raises(SignatureRefused, match="not a member of the design-authority board"):
        sign_decision(request, pmo_user, PASSWORD, "approved", "Fine.")
    decision = sign_decision(request, board_user, PASSWORD, "approved", "Fine.")

    refusals = AuditEntry.objects.filter(
        action="sign_refused", target_model="design_authority.changerequest"
    )
    assert refusals.count() == 2
    assert decision.signature.signer == board_user
    assert decision.signature.meaning == "approved"
    assert DecisionLogEntry.objects.get(programme=programme).signature == decision.signature


def test_agenda_orders_by_age_or_by_score_and_leaves_decided_ones_out(world):
    programme, people, _gaps = world
    old_low = submit(programme, "Old low", 31, (1, 1, 1))
    new_high = submit(programme, "New high", 2, (5, 5, 5))
    mid = submit(programme, "Mid", 10, (3, 3, 3))
    decided = submit(programme, "Decided", 50)
    record_decision(decided, people["board"], "rejected", "No.", decided_at=AS_OF)

    by_age = board_agenda(programme, AS_OF)
    by_score = board_agenda(programme, AS_OF, order="score")

    assert [item.request for item in by_age] == [old_low, mid, new_high]
    assert [(item.age_days, item.days_left, item.overdue) for item in by_age] == [
        (31, -1, True),
        (10, 20, False),
        (2, 28, False),
    ]
    assert [item.request for item in by_score] == [new_high, mid, old_low]


def test_the_limit_is_a_programme_setting_with_a_default_of_30_days(world):
    programme, _people, _gaps = world
    thirty = submit(programme, "Thirty", 30)
    late = submit(programme, "Thirty-one", 31)
    eleven = submit(programme, "Eleven", 11)

    default = [each.pk for each in undecided_too_long(programme, AS_OF)]
    programme.evidence_settings = {"change_request_max_undecided_days": 10}
    programme.save()
    tightened = [each.pk for each in undecided_too_long(programme, AS_OF)]

    assert default == [late.pk]
    assert tightened == [late.pk, thirty.pk, eleven.pk]


def test_the_gate_condition_reports_overdue_requests(world):
    programme, _people, _gaps = world
    late = submit(programme, "Ancient", 400)

    finding = change_requests_undecided_too_long(programme)

    assert finding.record_ids == [late.pk]
    assert finding.model == "design_authority.changerequest"
    assert "30 days" in finding.rule
