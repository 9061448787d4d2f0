"""Electronic signatures: the signer re-enters their password, and every refusal is kept.

How a refusal survives the failure it causes: the checks run *before* any
transaction of the signing operation is opened. A refused attempt writes its
``sign_refused`` entry in a transaction of its own, which commits when that
block exits, and only then raises :class:`SignatureRefused`. The signature
itself is written afterwards, in a second transaction together with whatever
was signed. Because a caller's surrounding ``transaction.atomic()`` would roll
the refusal back together with everything else, signing inside one is refused
with :class:`SigningInsideTransaction` before the password is even looked at.
(Tests may still sign inside the test case's own wrapping transaction.)
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from django.db import transaction
from django.db.models import Model

from caregate.audit.models import AuditEntry, Signature
from caregate.audit.services import AuditTarget, record

logger = logging.getLogger(__name__)


class SignatureRefused(Exception):
    """A signature that was not given: wrong password, someone else's name, no reason, ..."""


class SigningInsideTransaction(RuntimeError):
    """sign() was called inside the caller's transaction, which could roll a refusal back."""


def _require_own_transaction(using: str | None = None) -> None:
    connection = transaction.get_connection(using)
    # atomic_blocks and _from_testcase are Django internals; Django's own durable
    # atomic blocks use them the same way to tell a test case's wrapper from real code.
    callers = [block for block in connection.atomic_blocks if not block._from_testcase]
    if callers:
        raise SigningInsideTransaction(
            "sign outside transaction.atomic(): a refused signature must be committed "
            "even though the operation fails"
        )


def refuse(signer, target: Model | AuditTarget, problem: str, **attempted: Any) -> NoReturn:
    """Record a refused signature in its own committed transaction, then raise SignatureRefused.

    ``attempted`` names what the signer tried (meaning, role, ...); it is kept
    as the entry's changes. ``problem`` is the entry's reason. The password is
    never recorded.
    """
    changes = {name: [None, value] for name, value in attempted.items()}
    with transaction.atomic():
        record(signer, AuditEntry.Action.SIGN_REFUSED, target, changes=changes, reason=problem)
    subject = AuditTarget.of(target)
    logger.warning(
        "signature refused: %s on %s:%s: %s",
        signer.get_username(),
        subject.model,
        subject.id,
        problem,
    )
    raise SignatureRefused(problem)


def check_signer(
    signer, password: str, target: Model | AuditTarget, *, on_behalf_of=None, **attempted: Any
) -> None:
    """Refuse (recording the refusal) unless the signer may sign for themselves right now.

    Refused: signing on behalf of another user, an inactive account, a wrong
    password. Call it outside any transaction (see the module docstring).
    """
    _require_own_transaction()
    if on_behalf_of is not None and on_behalf_of.pk != signer.pk:
        refuse(
            signer,
            target,
            f"signing on behalf of another user ({on_behalf_of.get_username()}) is not allowed",
            **attempted,
        )
    if not signer.is_active:
        refuse(signer, target, "the account is inactive", **attempted)
    if not signer.check_password(password):
        refuse(signer, target, "wrong password", **attempted)


def validate_meaning(meaning: str, reason: str) -> str:
    """The meaning as a Signature.Meaning value; a waiver needs a reason."""
    try:
        meaning = Signature.Meaning(meaning).value
    except ValueError:
        known = ", ".join(Signature.Meaning.values)
        raise SignatureRefused(f"unknown signature meaning {meaning!r} (use {known})") from None
    if meaning == Signature.Meaning.WAIVED and not reason.strip():
        raise SignatureRefused("a waiver needs a reason")
    return meaning


def record_signature(
    signer,
    target: Model | AuditTarget,
    meaning: str,
    reason: str = "",
    *,
    details: dict[str, Any] | None = None,
) -> Signature:
    """Write a signature and its ``sign`` entry; only after :func:`check_signer` passed.

    Call it inside the transaction that records what was signed, so that both
    are kept or neither. ``details`` adds facts to the entry (e.g. the role).
    """
    meaning = validate_meaning(meaning, reason)
    subject = AuditTarget.of(target)
    changes = {"meaning": [None, meaning]}
    changes.update({name: [None, value] for name, value in (details or {}).items()})
    with transaction.atomic():
        entry = record(signer, AuditEntry.Action.SIGN, subject, changes=changes, reason=reason)
        signature = Signature(
            signer=signer,
            meaning=meaning,
            reason=reason,
            signed_at=entry.recorded_at,
            target_model=subject.model,
            target_id=subject.id,
            target_repr=subject.repr,
            audit_entry=entry,
        )
        signature.save(force_insert=True)
    logger.info("signature %s: %s %s %s", signature.pk, signer.get_username(), meaning, subject)
    return signature


def sign(
    signer,
    password: str,
    target: Model | AuditTarget,
    meaning: str,
    reason: str = "",
    *,
    on_behalf_of=None,
) -> Signature:
    """Sign a record with a meaning (approved, rejected, reviewed, waived) after re-authenticating.

    Raises SignatureRefused, with the refusal committed to the audit trail,
    when the password is wrong, the account inactive or the signature is for
    someone else; and (without an entry: nothing was attempted) when the
    meaning is unknown or a waiver has no reason.
    """
    meaning = validate_meaning(meaning, reason)
    check_signer(signer, password, target, on_behalf_of=on_behalf_of, meaning=meaning)
    with transaction.atomic():
        return record_signature(signer, target, meaning, reason)
