"""Changing the method's data: installing defaults, revising criteria, recording sign-offs.

Criterion revisions, added criteria and sign-offs are written to the audit
trail (caregate.audit) in the same transaction as the change itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from caregate.audit.models import AuditEntry
from caregate.audit.services import field_values, json_safe, record
from caregate.audit.signatures import check_signer, record_signature, refuse
from caregate.decisions.services import log_gate_signoff
from caregate.gates.defaults import CRITERIA, GATES, STAGES
from caregate.gates.models import Criterion, CriterionRevision, Gate, SignOff, Stage
from caregate.programmes.models import Person, Programme

logger = logging.getLogger(__name__)

#: Fields a revision may change, and which way is "tighter" for thresholds.
REVISABLE_FIELDS = (
    "threshold",
    "operator",
    "severity",
    "max_age_hours",
    "is_active",
    "title",
    "explanation",
    "next_action",
    "owner",
    "signoff_role",
)


class CriterionChangeRefused(Exception):
    """A criterion change that the method does not allow (e.g. relaxing without a reason)."""


def _plain(value: Any) -> Any:
    """Lazy translation proxies become plain strings before they are stored."""
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value) if value.__class__.__name__ == "__proxy__" else value


@transaction.atomic
def install_method(programme: Programme) -> None:
    """Give a programme its own copy of the default stages, gates and criteria."""
    gates = {}
    for order, spec in enumerate(GATES, start=1):
        gates[spec["key"]] = Gate.objects.create(
            programme=programme, order=order, **{k: _plain(v) for k, v in spec.items()}
        )
    for order, (key, name, gate_key) in enumerate(STAGES, start=1):
        Stage.objects.create(
            programme=programme, key=key, name=str(name), order=order, gate=gates.get(gate_key)
        )
    for gate_key, criteria in CRITERIA.items():
        for order, spec in enumerate(criteria, start=1):
            Criterion.objects.create(
                gate=gates[gate_key], order=order, **{k: _plain(v) for k, v in spec.items()}
            )


def _direction(criterion: Criterion, changes: dict[str, list[Any]]) -> str:
    """Classify a change: does it make the gate harder or easier to pass?"""
    easier = harder = False
    if "threshold" in changes:
        before, after = changes["threshold"]
        if before is not None and after is not None and before != after:
            # "at most" thresholds get easier as they rise, "at least" as they fall.
            rising_is_easier = criterion.operator in ("<=", "<")
            rising = after > before
            easier |= rising == rising_is_easier
            harder |= rising != rising_is_easier
    if "max_age_hours" in changes:
        before, after = changes["max_age_hours"]
        easier |= (after or 0) > (before or 0)
        harder |= (after or 0) < (before or 0)
    if "severity" in changes:
        easier |= changes["severity"][1] == Criterion.Severity.ADVISORY
        harder |= changes["severity"][1] == Criterion.Severity.BLOCKING
    if "is_active" in changes:
        easier |= changes["is_active"][1] is False
        harder |= changes["is_active"][1] is True
    if "operator" in changes:
        easier = True  # an operator change can always loosen a rule: treat as relaxing
    if easier:
        return CriterionRevision.Direction.RELAXED
    if harder:
        return CriterionRevision.Direction.TIGHTENED
    return CriterionRevision.Direction.CHANGED


@transaction.atomic
def revise_criterion(criterion: Criterion, *, user=None, reason: str = "", **values) -> None:
    """Change a criterion and record the revision; relaxing one needs a reason."""
    unknown = set(values) - set(REVISABLE_FIELDS)
    if unknown:
        raise CriterionChangeRefused(f"cannot change {', '.join(sorted(unknown))} of a criterion")
    changes = {
        name: [getattr(criterion, name), value]
        for name, value in values.items()
        if getattr(criterion, name) != value
    }
    if not changes:
        return
    direction = _direction(criterion, changes)
    if direction == CriterionRevision.Direction.RELAXED and not reason.strip():
        raise CriterionChangeRefused(
            f"criterion {criterion.key} of gate {criterion.gate.key}: relaxing it needs a reason"
        )
    for name, (_before, after) in changes.items():
        setattr(criterion, name, after)
    criterion.save()
    CriterionRevision.objects.create(
        criterion=criterion,
        direction=direction,
        changes={
            name: [_jsonable(before), _jsonable(after)] for name, (before, after) in changes.items()
        },
        reason=reason,
        changed_by=user,
    )
    record(
        user,
        AuditEntry.Action.UPDATE,
        criterion,
        changes={
            name: [json_safe(before), json_safe(after)] for name, (before, after) in changes.items()
        },
        reason=reason,
    )
    logger.info(
        "criterion %s of gate %s: %s (%s)",
        criterion.key,
        criterion.gate.key,
        direction,
        ", ".join(sorted(changes)),
    )


def _jsonable(value: Any) -> Any:
    return value.pk if hasattr(value, "pk") else value


@transaction.atomic
def add_criterion(gate: Gate, *, user=None, reason: str = "", **fields) -> Criterion:
    """Add a programme-specific criterion to a gate, recorded as a revision."""
    order = (gate.criteria.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    criterion = Criterion.objects.create(gate=gate, order=order, is_default=False, **fields)
    CriterionRevision.objects.create(
        criterion=criterion,
        direction=CriterionRevision.Direction.ADDED,
        changes={name: [None, _jsonable(value)] for name, value in fields.items()},
        reason=reason,
        changed_by=user,
    )
    record(
        user,
        AuditEntry.Action.CREATE,
        criterion,
        changes={name: [None, value] for name, value in field_values(criterion).items()},
        reason=reason,
    )
    logger.info("criterion %s of gate %s: added", criterion.key, gate.key)
    return criterion


@transaction.atomic
def record_signoff(
    gate: Gate,
    person: Person,
    role: str,
    decision: str,
    *,
    comment: str = "",
    signed_at=None,
    recorded_by=None,
    signature=None,
) -> SignOff:
    """Record a named person's decision on a gate in a role they hold in the programme.

    Without a ``signature`` (demo data, imports) the audit entry says so; people
    signing in Caregate go through :func:`sign_gate`.
    """
    if person.programme_id != gate.programme_id:
        raise CriterionChangeRefused(f"{person} is not part of programme {gate.programme.key}")
    if not person.roles.filter(role=role).exists():
        raise CriterionChangeRefused(f"{person} does not hold the role {role}")
    signoff = SignOff.objects.create(
        gate=gate,
        person=person,
        role=role,
        decision=decision,
        comment=comment,
        signed_at=signed_at or timezone.now(),
        recorded_by=recorded_by,
        signature=signature,
    )
    record(
        recorded_by,
        AuditEntry.Action.SIGN,
        signoff,
        changes={name: [None, value] for name, value in field_values(signoff).items()},
        reason=(
            f"signed electronically (signature {signature.pk})"
            if signature is not None
            else "recorded without a signature (demo or import)"
        ),
    )
    log_gate_signoff(signoff)  # the decision log (caregate.decisions)
    logger.info("gate %s: %s %s as %s", gate.key, decision, person.name, role)
    return signoff


def sign_gate(
    gate: Gate, user, password: str, role: str, decision: str, comment: str = ""
) -> SignOff:
    """A user signs their decision on a gate in a role they hold, re-entering their password.

    Refusals (wrong password, inactive account, not a member of the programme,
    role not held) are committed to the audit trail and raise
    :class:`caregate.audit.signatures.SignatureRefused`; call this outside any
    transaction. The signature, the sign-off and their audit entries are then
    written in one transaction.
    """
    if decision not in SignOff.Decision.values:
        raise CriterionChangeRefused(f"unknown decision {decision!r}")
    attempted = {"decision": decision, "role": role}
    check_signer(user, password, gate, **attempted)
    people = Person.objects.filter(programme_id=gate.programme_id, user=user)
    if not people.exists():
        refuse(user, gate, f"not a member of programme {gate.programme.key}", **attempted)
    person = people.filter(roles__role=role).first()
    if person is None:
        refuse(user, gate, f"does not hold the role {role} in the programme", **attempted)
    with transaction.atomic():
        signature = record_signature(user, gate, decision, comment, details={"role": role})
        return record_signoff(
            gate,
            person,
            role,
            decision,
            comment=comment,
            signed_at=signature.signed_at,
            recorded_by=user,
            signature=signature,
        )
