"""Writing to the audit trail: one entry per change, signature or refusal.

Every register records its changes through :func:`record` (or the
``audited_*`` helpers, which save and record in one transaction). ``record``
joins the caller's transaction: if the caller rolls back, the entry and its
sequence number go with it and the chain has no gap.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise

from caregate.audit.canonical import GENESIS_HASH, canonical_time, entry_digest, stable_json
from caregate.audit.models import AuditChainHead, AuditEntry

logger = logging.getLogger(__name__)

#: The chain head is a single row with this primary key.
HEAD_ID = 1

_REPR_LENGTH = AuditEntry._meta.get_field("target_repr").max_length


class AuditChainBroken(Exception):
    """The trail cannot be appended to safely (e.g. its head row is gone)."""


@dataclass(frozen=True)
class AuditTarget:
    """What an entry is about when it is not a saved model instance (an import file, say)."""

    model: str
    id: str
    repr: str

    @classmethod
    def of(cls, target: Model | AuditTarget) -> AuditTarget:
        """The target of a model instance: its app_label.model, pk and str()."""
        if isinstance(target, AuditTarget):
            return target
        if target.pk is None:
            raise ValueError(f"cannot audit an unsaved {target._meta.label}: save it first")
        return cls(target._meta.label_lower, str(target.pk), str(target)[:_REPR_LENGTH])


_PLAIN_TYPES = (str, bool, int)


def json_safe(value: Any) -> Any:
    """A value as JSON that survives every database: dates ISO, Decimals as text, records as pk.

    Aware datetimes are written in UTC. Lazy translations become plain strings,
    sets sorted lists. Unknown types raise TypeError rather than being guessed.
    """
    # Fast path for the common case (an import audits hundreds of thousands of
    # values). Exact types only: str subclasses such as TextChoices fall through.
    kind = type(value)
    if value is None or kind in _PLAIN_TYPES:
        return value
    if kind is list or kind is tuple:
        return [json_safe(item) for item in value]
    if kind is dict:
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dt.datetime):
        return canonical_time(value) if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, Model):
        return json_safe(value.pk)
    if isinstance(value, models.Choices):
        return value.value
    if isinstance(value, dict):
        return {str(key): json_safe(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((json_safe(item) for item in value), key=repr)
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return stable_json(value)


def field_values(instance: Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The JSON-safe values of a record's fields, foreign keys as pk.

    Without ``fields``: every concrete field except the primary key and the
    automatic timestamps (the entry's own time says when).
    """
    meta = instance._meta
    if fields is None:
        chosen = [
            field
            for field in meta.concrete_fields
            if not field.primary_key
            and not getattr(field, "auto_now", False)
            and not getattr(field, "auto_now_add", False)
        ]
    else:
        chosen = [meta.get_field(name) for name in fields]
    return {field.name: json_safe(field.value_from_object(instance)) for field in chosen}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for every field whose value differs (a missing one is None)."""
    changes = {}
    for name in [*before, *(name for name in after if name not in before)]:
        old, new = json_safe(before.get(name)), json_safe(after.get(name))
        if old != new:
            changes[name] = [old, new]
    return changes


def _locked_head() -> AuditChainHead:
    """The chain head, locked for this transaction (created with the first entry)."""
    head, created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_ID, defaults={"last_sequence": 0, "last_hash": GENESIS_HASH}
    )
    if created and AuditEntry.objects.exists():
        raise AuditChainBroken(
            "the audit chain head is missing while entries exist; run `caregate audit verify`"
        )
    return head


def _actor(actor):
    """The user an entry names, or None for the system (anonymous users included)."""
    if actor is not None and not getattr(actor, "pk", None):
        return None
    return actor


def _chained_entry(
    head: AuditChainHead,
    actor,
    action: str,
    subject: AuditTarget,
    changes: dict[str, Any],
    reason: str,
    recorded_at: dt.datetime,
) -> AuditEntry:
    """The next entry after ``head``, hashed; moves ``head`` forward (not saved)."""
    actor_name = actor.get_username() if actor is not None else ""
    entry = AuditEntry(
        sequence=head.last_sequence + 1,
        recorded_at=recorded_at,
        actor=actor,
        actor_name=actor_name,
        action=action,
        target_model=subject.model,
        target_id=subject.id,
        target_repr=subject.repr,
        changes=changes,
        reason=reason,
        prev_hash=head.last_hash,
    )
    entry.entry_hash = entry_digest(
        sequence=entry.sequence,
        recorded_at=entry.recorded_at,
        actor_id=actor.pk if actor is not None else None,
        actor_name=actor_name,
        action=action,
        target_model=subject.model,
        target_id=subject.id,
        target_repr=subject.repr,
        changes=changes,
        reason=reason,
        prev_hash=entry.prev_hash,
    )
    head.last_sequence = entry.sequence
    head.last_hash = entry.entry_hash
    return entry


def _safe_changes(changes: dict[str, Any] | None) -> dict[str, Any]:
    changes = json_safe(changes or {})
    if not isinstance(changes, dict):
        raise TypeError("audit changes must be a dict of field -> [before, after]")
    return changes


def record(
    actor,
    action: str,
    target: Model | AuditTarget,
    *,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the trail and return it.

    Call it inside the transaction that makes the change: it joins that
    transaction, so the entry is kept exactly when the change is. ``actor`` is
    a user or None (the system).
    """
    action = AuditEntry.Action(action).value
    subject = AuditTarget.of(target)
    changes = _safe_changes(changes)
    actor = _actor(actor)
    with transaction.atomic():
        head = _locked_head()
        entry = _chained_entry(head, actor, action, subject, changes, reason, timezone.now())
        entry.save(force_insert=True)
        head.save(update_fields=["last_sequence", "last_hash"])
    logger.info(
        "audit entry %s: %s %s:%s by %s",
        entry.sequence,
        action,
        subject.model,
        subject.id,
        entry.actor_name or "system",
    )
    return entry


def _insert_entries(rows: list[AuditEntry], batch_size: int) -> None:
    """Insert entries with one prepared statement per batch.

    Django's bulk_create spends most of an import's audit time compiling SQL
    value by value. The rows here are uniform: text and integer columns go to
    the driver as they are, the moment (the same for the whole batch) is
    prepared once, and only the JSON of each entry's changes goes through its
    field's get_db_prep_save — the conversions bulk_create would apply.
    """
    connection = connections[router.db_for_write(AuditEntry)]
    fields = [field for field in AuditEntry._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEntry._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    recorded_at = AuditEntry._meta.get_field("recorded_at")
    changes = AuditEntry._meta.get_field("changes")
    moments: dict[dt.datetime, Any] = {}

    def prepared(row: AuditEntry, field) -> Any:
        if field is changes:
            return changes.get_db_prep_save(row.changes, connection)
        if field is recorded_at:
            if row.recorded_at not in moments:
                moments[row.recorded_at] = field.get_db_prep_save(row.recorded_at, connection)
            return moments[row.recorded_at]
        return getattr(row, field.attname)

    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            cursor.executemany(
                sql,
                [
                    [prepared(row, field) for field in fields]
                    for row in rows[start : start + batch_size]
                ],
            )


def record_many(
    actor,
    action: str,
    entries: Iterable[tuple[Model | AuditTarget, dict[str, Any] | None]],
    *,
    reason: str = "",
    batch_size: int = 2000,
) -> int:
    """Append one entry per (target, changes) pair in one go; return how many.

    The same chain as :func:`record` — each entry hashes its predecessor — but
    the head is locked once and the rows are inserted in batches, so a
    20,000-row import does not pay a lock and a savepoint per record. Joins the
    caller's transaction like :func:`record`.
    """
    action = AuditEntry.Action(action).value
    actor = _actor(actor)
    pending = [(AuditTarget.of(target), _safe_changes(changes)) for target, changes in entries]
    if not pending:
        return 0
    with transaction.atomic():
        head = _locked_head()
        recorded_at = timezone.now()
        rows = [
            _chained_entry(head, actor, action, subject, changes, reason, recorded_at)
            for subject, changes in pending
        ]
        _insert_entries(rows, batch_size)
        head.save(update_fields=["last_sequence", "last_hash"])
    logger.info(
        "audit entries %s-%s: %s of %s records by %s",
        rows[0].sequence,
        rows[-1].sequence,
        action,
        len(rows),
        rows[0].actor_name or "system",
    )
    return len(rows)


@transaction.atomic
def audited_create(instance: Model, actor, reason: str = "") -> AuditEntry:
    """Save a new record and record its field values as the entry's changes."""
    instance.save(force_insert=True)
    after = field_values(instance)
    changes = {name: [None, value] for name, value in after.items()}
    return record(actor, AuditEntry.Action.CREATE, instance, changes=changes, reason=reason)


@transaction.atomic
def audited_update(
    instance: Model, actor, before: dict[str, Any], reason: str = ""
) -> AuditEntry | None:
    """Save a changed record and record what changed since ``before`` (from field_values).

    Returns None, and saves nothing, when no field in ``before`` changed.
    """
    changes = diff(before, field_values(instance, before.keys()))
    if not changes:
        return None
    instance.save()
    return record(actor, AuditEntry.Action.UPDATE, instance, changes=changes, reason=reason)


@transaction.atomic
def audited_delete(instance: Model, actor, reason: str) -> AuditEntry:
    """Delete a record, keeping its last values in the entry; deleting needs a reason."""
    if not reason.strip():
        raise ValueError(f"deleting {instance._meta.label} {instance.pk} needs a reason")
    changes = {name: [value, None] for name, value in field_values(instance).items()}
    entry = record(actor, AuditEntry.Action.DELETE, instance, changes=changes, reason=reason)
    instance.delete()
    return entry


def history(target: Model | AuditTarget) -> models.QuerySet[AuditEntry]:
    """The entries about one record, newest first."""
    subject = AuditTarget.of(target)
    return AuditEntry.objects.filter(target_model=subject.model, target_id=subject.id).order_by(
        "-sequence"
    )
