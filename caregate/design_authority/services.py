"""Design-authority rules: scoring change requests, board decisions and the board agenda.

Combined score
--------------
``score = business value + compliance impact + maintainability``, each scored
1 to 5, so 3 to 15. Maintainability is scored high when the change is cheap to
keep through Odoo upgrades, so a high score means worth doing *and* safe to
keep. The three weigh the same on purpose: the board discusses the scores, the
sum only orders the agenda.

Undecided requests
------------------
A request is undecided while it is submitted or deferred (a deferral sets
conditions, it does not decide). Its age counts from ``submitted_on``; a
deferral does not restart the clock. A programme sets the limit in
``evidence_settings["change_request_max_undecided_days"]`` (default 30 days,
:data:`DEFAULT_MAX_UNDECIDED_DAYS`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from caregate.audit.models import AuditEntry, Signature
from caregate.audit.services import field_values, record
from caregate.audit.signatures import check_signer, record_signature, refuse
from caregate.decisions.references import next_reference
from caregate.decisions.services import log_design_authority_decision, site_date
from caregate.design_authority.models import (
    UNDECIDED_STATUSES,
    ChangeRequest,
    ChangeStatus,
    Decision,
    DecisionOutcome,
)
from caregate.programmes.models import Person, Programme, Role

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "CR"
MAX_UNDECIDED_DAYS_SETTING = "change_request_max_undecided_days"
DEFAULT_MAX_UNDECIDED_DAYS = 30

EDITABLE_FIELDS = (
    "title",
    "kind",
    "description",
    "workstream",
    "requested_by",
    "submitted_on",
    "business_value",
    "compliance_impact",
    "maintainability",
    "status",
)
SCORED_FIELDS = ("business_value", "compliance_impact", "maintainability")

#: What a decision does to a change request's status.
STATUS_AFTER = {
    DecisionOutcome.APPROVED: ChangeStatus.APPROVED,
    DecisionOutcome.REJECTED: ChangeStatus.REJECTED,
    DecisionOutcome.DEFERRED: ChangeStatus.DEFERRED,
}
#: The signature meaning of each decision (deferring is a review, not a verdict).
SIGNATURE_MEANING = {
    DecisionOutcome.APPROVED: Signature.Meaning.APPROVED,
    DecisionOutcome.REJECTED: Signature.Meaning.REJECTED,
    DecisionOutcome.DEFERRED: Signature.Meaning.REVIEWED,
}


class DesignAuthorityRefused(Exception):
    """A change or decision the method does not allow; nothing was stored."""


def combined_score(business_value: int, compliance_impact: int, maintainability: int) -> int:
    """The agenda score: the plain sum of the three 1-5 scores (see the module docstring)."""
    for value in (business_value, compliance_impact, maintainability):
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise DesignAuthorityRefused(f"scores run from 1 to 5, not {value!r}")
    return business_value + compliance_impact + maintainability


def max_undecided_days(programme: Programme) -> int:
    """The programme's limit on undecided days (default DEFAULT_MAX_UNDECIDED_DAYS)."""
    value = (programme.evidence_settings or {}).get(MAX_UNDECIDED_DAYS_SETTING)
    try:
        days = int(value)
    except (TypeError, ValueError):
        return DEFAULT_MAX_UNDECIDED_DAYS
    return days if days >= 0 else DEFAULT_MAX_UNDECIDED_DAYS


def _score(request: ChangeRequest) -> None:
    request.score = combined_score(
        request.business_value, request.compliance_impact, request.maintainability
    )


@transaction.atomic
def create_change_request(programme: Programme, actor, reason: str = "", **fields) -> ChangeRequest:
    """Register a change request (next free CR-nnnn unless ``reference`` is given), scored."""
    unknown = set(fields) - {*EDITABLE_FIELDS, "reference"}
    if unknown:
        raise DesignAuthorityRefused(f"cannot set {', '.join(sorted(unknown))}")
    if not fields.get("reference"):
        fields["reference"] = next_reference(
            ChangeRequest.objects.filter(programme=programme), REFERENCE_PREFIX
        )
    request = ChangeRequest(programme=programme, **fields)
    _score(request)
    request.save(force_insert=True)
    changes = {name: [None, value] for name, value in field_values(request).items()}
    record(actor, AuditEntry.Action.CREATE, request, changes=changes, reason=reason)
    logger.info("change request %s: submitted (%s)", request.reference, programme.key)
    return request


@transaction.atomic
def update_change_request(request: ChangeRequest, actor, reason: str = "", **fields) -> bool:
    """Change a request's fields, re-scoring it; record what changed. False if nothing did."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise DesignAuthorityRefused(f"cannot change {', '.join(sorted(unknown))}")
    names = [*fields, "score"]
    before = field_values(request, names)
    for name, value in fields.items():
        setattr(request, name, value)
    _score(request)
    after = field_values(request, names)
    changes = {name: [before[name], after[name]] for name in names if before[name] != after[name]}
    if not changes:
        return False
    request.save()
    record(actor, AuditEntry.Action.UPDATE, request, changes=changes, reason=reason)
    return True


# -- decisions ----------------------------------------------------------------------------


def board_members(programme: Programme):
    """The people holding the design-authority role in the programme."""
    return (
        Person.objects.filter(programme=programme, roles__role=Role.DESIGN_AUTHORITY)
        .distinct()
        .order_by("name")
    )


def _check_decision(subject, person: Person, outcome: str, rationale: str, conditions: str):
    if outcome not in DecisionOutcome.values:
        raise DesignAuthorityRefused(f"unknown decision {outcome!r}")
    if person.programme_id != subject.programme_id:
        raise DesignAuthorityRefused(f"{person} is not part of programme {subject.programme.key}")
    if not person.roles.filter(role=Role.DESIGN_AUTHORITY).exists():
        raise DesignAuthorityRefused(f"{person} is not a member of the design-authority board")
    if not rationale.strip():
        raise DesignAuthorityRefused("a decision needs its reasons")
    if outcome == DecisionOutcome.DEFERRED and not conditions.strip():
        raise DesignAuthorityRefused("deferring needs the conditions to meet first")
    if isinstance(subject, ChangeRequest) and subject.status not in UNDECIDED_STATUSES:
        raise DesignAuthorityRefused(
            f"{subject.reference} is {subject.get_status_display().lower()}: nothing to decide"
        )


@transaction.atomic
def record_decision(
    subject,
    person: Person,
    outcome: str,
    rationale: str,
    *,
    conditions: str = "",
    decided_at: dt.datetime | None = None,
    recorded_by=None,
    signature=None,
) -> Decision:
    """Record a board member's decision on a change request or customization.

    Refused (DesignAuthorityRefused, nothing stored) for anyone not holding the
    design-authority role in the programme, without reasons, a deferral
    without conditions, or a request already decided. Moves the subject's
    status, and writes the audit trail and the decision log.
    """
    from caregate.customizations.models import Customization
    from caregate.customizations.services import apply_board_decision

    _check_decision(subject, person, outcome, rationale, conditions)
    decision = Decision(
        programme=subject.programme,
        change_request=subject if isinstance(subject, ChangeRequest) else None,
        customization=subject if isinstance(subject, Customization) else None,
        outcome=outcome,
        decided_by=person,
        decided_at=decided_at or timezone.now(),
        rationale=rationale,
        conditions=conditions,
        recorded_by=recorded_by,
        signature=signature,
    )
    decision.save(force_insert=True)
    record(
        recorded_by,
        AuditEntry.Action.SIGN if signature is not None else AuditEntry.Action.CREATE,
        decision,
        changes={name: [None, value] for name, value in field_values(decision).items()},
        reason=rationale,
    )
    if isinstance(subject, ChangeRequest):
        update_change_request(
            subject,
            recorded_by,
            reason=f"design-authority decision: {outcome}",
            status=STATUS_AFTER[outcome],
        )
    else:
        apply_board_decision(subject, outcome, recorded_by)
    log_design_authority_decision(decision)
    logger.info("design authority: %s %s by %s", outcome, subject.reference, person.name)
    return decision


def sign_decision(
    subject, user, password: str, outcome: str, rationale: str, conditions: str = ""
) -> Decision:
    """A board member signs a decision, re-entering their password.

    Refusals (wrong password, not a programme member, not on the board) are
    committed to the audit trail and raise SignatureRefused; call this outside
    any transaction. Rule violations (no reasons, deferral without conditions)
    raise DesignAuthorityRefused before anything is signed.
    """
    attempted = {"decision": outcome, "role": Role.DESIGN_AUTHORITY.value}
    check_signer(user, password, subject, **attempted)
    person = (
        Person.objects.filter(
            programme_id=subject.programme_id, user=user, roles__role=Role.DESIGN_AUTHORITY
        )
        .distinct()
        .first()
    )
    if person is None:
        refuse(user, subject, "not a member of the design-authority board", **attempted)
    _check_decision(subject, person, outcome, rationale, conditions)
    with transaction.atomic():
        signature = record_signature(
            user,
            subject,
            SIGNATURE_MEANING[outcome],
            rationale,
            details={"role": Role.DESIGN_AUTHORITY.value, "decision": outcome},
        )
        return record_decision(
            subject,
            person,
            outcome,
            rationale,
            conditions=conditions,
            decided_at=signature.signed_at,
            recorded_by=user,
            signature=signature,
        )


# -- the board agenda ---------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaItem:
    """An undecided change request on the board agenda, with its age against the limit."""

    request: ChangeRequest
    age_days: int
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


AGENDA_ORDERS = ("age", "score")


def undecided_requests(programme: Programme):
    """The programme's submitted or deferred change requests."""
    return ChangeRequest.objects.filter(programme=programme, status__in=UNDECIDED_STATUSES)


def board_agenda(programme: Programme, as_of: dt.datetime, order: str = "age") -> list[AgendaItem]:
    """Undecided requests: oldest first then highest score ("age"), or the other way ("score")."""
    today = site_date(as_of)
    limit = max_undecided_days(programme)
    ordering = (
        ("-score", "submitted_on", "reference")
        if order == "score"
        else ("submitted_on", "-score", "reference")
    )
    requests = undecided_requests(programme).select_related("requested_by", "workstream")
    items = []
    for request in requests.order_by(*ordering):
        age = (today - request.submitted_on).days
        items.append(AgendaItem(request, age, limit - age))
    return items


def undecided_too_long(programme: Programme, as_of: dt.datetime) -> list[ChangeRequest]:
    """Undecided requests older than the programme's limit, oldest first."""
    cutoff = site_date(as_of) - dt.timedelta(days=max_undecided_days(programme))
    return list(
        undecided_requests(programme)
        .filter(submitted_on__lt=cutoff)
        .order_by("submitted_on", "reference")
    )
