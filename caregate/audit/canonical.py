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
from typing import Any

#: prev_hash of the first entry.
GENESIS_HASH = "0" * 64

#: Floats at or above this size are written by Python with an exponent (1e+16);
#: PostgreSQL's jsonb gives them back as integers, so they are stored as integers.
_EXPONENT_FLOAT = 1e16


def canonical_time(moment: dt.datetime) -> str:
    """The UTC ISO 8601 form of an aware datetime, always with microseconds."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


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
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_digest(**fields: Any) -> str:
    """SHA-256 hex digest of :func:`canonical_document` for these fields."""
    return hashlib.sha256(canonical_document(**fields)).hexdigest()


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
