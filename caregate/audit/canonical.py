"""The canonical form an audit entry's hash is computed over.

Every audit entry stores ``entry_hash``, the SHA-256 hex digest of the UTF-8
bytes of this JSON document::

    {"action": "sign",                                # AuditEntry.Action value
     "actor_id": 7,                                   # user pk, or null (the system)
     "actor_name": "pmo",                             # username when recorded, "" if none
     "changes": {"threshold": [2.0, 4]},              # {field: [before, after]}
     "prev_hash": "9f86d0…",                          # entry_hash of sequence - 1;
                                                      # 64 zeros for sequence 1
     "reason": "Two sites need a local admin",
     "recorded_at": "2026-03-01T14:05:09.123456+00:00",  # UTC, always microseconds
     "sequence": 42,                                  # 1, 2, 3, … without gaps
     "target_id": "17",                               # always a string
     "target_model": "gates.criterion",               # app_label.model, lower case
     "target_repr": "Access administrators"}

written with ``json.dumps(document, sort_keys=True, separators=(",", ":"),
ensure_ascii=False, allow_nan=False)``: keys sorted at every depth, no
whitespace, non-ASCII characters written as themselves, no NaN or Infinity.
Numbers are written the way Python writes them (shortest round-trip floats).

Because ``prev_hash`` is part of the document, each entry seals the one before
it; ``sequence`` makes a removed entry visible as a gap, and the chain head
(``AuditChainHead``) makes a removed *last* entry visible.

An auditor can recompute any hash from an export (``caregate audit export``)
with nothing but a JSON library and SHA-256. This module has no Django imports
so that such a check, the verifier and the benchmark share one definition.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from json.encoder import c_make_encoder, encode_basestring
from typing import Any

#: prev_hash of the first entry.
GENESIS_HASH = "0" * 64

#: Floats at or above this size are written by Python with an exponent (1e+16);
#: PostgreSQL's jsonb gives them back as integers, so they are stored as integers.
_EXPONENT_FLOAT = 1e16


#: One encoder for every call: json.dumps() with options builds a new one each time.
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)

if c_make_encoder is not None:
    # The C encoder JSONEncoder.encode builds on every call, built once (no
    # circular-reference markers: audit changes are plain JSON).
    _encode_chunks = c_make_encoder(
        None, _ENCODER.default, encode_basestring, None, ":", ",", True, False, False
    )

    def _encode(value: Any) -> str:
        return "".join(_encode_chunks(value, 0))

else:  # pragma: no cover - CPython always has the C accelerator
    _encode = _ENCODER.encode

#: canonical_document's output spelled out with its keys in sorted order, so the
#: verifier encodes only the values (the same encoders json.dumps uses).
_TEMPLATE = (
    '{"action":%s,"actor_id":%s,"actor_name":%s,"changes":%s,"prev_hash":%s,"reason":%s,'
    '"recorded_at":%s,"sequence":%d,"target_id":%s,"target_model":%s,"target_repr":%s}'
)


def canonical_time(moment: dt.datetime) -> str:
    """The UTC ISO 8601 form of an aware datetime, always with microseconds."""
    if moment.tzinfo is not dt.UTC:
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat(timespec="microseconds")


def canonical_document(
    *,
    sequence: int,
    recorded_at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_model: str,
    target_id: str,
    target_repr: str,
    changes: dict[str, Any],
    reason: str,
    prev_hash: str,
) -> bytes:
    """The exact bytes an entry's hash covers (see the module docstring)."""
    document = {
        "action": action,
        "actor_id": actor_id,
        "actor_name": actor_name,
        "changes": changes,
        "prev_hash": prev_hash,
        "reason": reason,
        "recorded_at": canonical_time(recorded_at),
        "sequence": sequence,
        "target_id": target_id,
        "target_model": target_model,
        "target_repr": target_repr,
    }
    return _ENCODER.encode(document).encode("utf-8")


def entry_digest(
    *,
    sequence: int,
    recorded_at: dt.datetime | str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_model: str,
    target_id: str,
    target_repr: str,
    changes: dict[str, Any],
    reason: str,
    prev_hash: str,
) -> str:
    """SHA-256 hex digest of :func:`canonical_document` for these fields.

    ``recorded_at`` may be a datetime or already in canonical_time form.
    """
    if not isinstance(recorded_at, str):
        recorded_at = canonical_time(recorded_at)
    return row_digest(
        sequence,
        recorded_at,
        actor_id,
        actor_name,
        action,
        target_model,
        target_id,
        target_repr,
        changes,
        reason,
        prev_hash,
    )


def row_digest(
    sequence: int,
    recorded_at: str,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_model: str,
    target_id: str,
    target_repr: str,
    changes: Any,
    reason: str,
    prev_hash: str,
) -> str:
    """entry_digest with positional fields and recorded_at in canonical_time form.

    Produces the same bytes as canonical_document, faster: the verifier calls
    it once per entry, so only the values are encoded (with the encoders
    json.dumps itself uses) into the key-sorted template.
    """
    if sequence.__class__ is not int:
        raise TypeError("sequence must be an int")
    text = _TEMPLATE % (
        encode_basestring(action),
        "null" if actor_id is None else int.__repr__(actor_id),
        encode_basestring(actor_name),
        _encode(changes),
        encode_basestring(prev_hash),
        encode_basestring(reason),
        encode_basestring(recorded_at),
        sequence,
        encode_basestring(target_id),
        encode_basestring(target_model),
        encode_basestring(target_repr),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_json(value: Any) -> Any:
    """A JSON value that comes back from every database exactly as it went in.

    Tuples become lists, -0.0 becomes 0.0 and floats of 1e16 and more become
    integers (jsonb would return them so). Anything that is not already plain
    JSON raises TypeError: convert it first (see services.json_safe).
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("NaN and infinity cannot be recorded in the audit trail")
        if abs(value) >= _EXPONENT_FLOAT:
            return int(value)
        return value + 0.0  # -0.0 + 0.0 == 0.0
    if isinstance(value, list | tuple):
        return [stable_json(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("audit changes need string keys")
        return {key: stable_json(item) for key, item in value.items()}
    raise TypeError(f"{type(value).__name__} is not plain JSON")
