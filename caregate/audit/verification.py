"""Checking the audit chain end to end, and exporting it for auditors.

The verifier streams entries in sequence order as plain tuples (no model
instances): the SQL of a ``values_list`` query, read in chunks through Django's
chunked cursor (server-side on PostgreSQL) without Django's per-row converters,
which cost as much as the hashing itself. It recomputes each hash from the
canonical form, and checks that
sequences run 1, 2, 3, … without gaps, that each prev_hash is the previous
entry's hash, and that the chain head names the last entry. It stops at the
first entry that breaks the chain and says how.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from caregate.audit.canonical import GENESIS_HASH, canonical_time, row_digest
from caregate.audit.models import AuditChainHead, AuditEntry

logger = logging.getLogger(__name__)

#: Columns streamed from the database, in the order entry_digest's fields are read.
COLUMNS = (
    "sequence",
    "recorded_at",
    "actor_id",
    "actor_name",
    "action",
    "target_model",
    "target_id",
    "target_repr",
    "changes",
    "reason",
    "prev_hash",
    "entry_hash",
)
CHUNK_SIZE = 5_000
#: How many times the verifier follows entries appended while it was reading.
_CATCH_UP_ROUNDS = 10


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain is broken."""

    sequence: int | None
    kind: str  # "changed", "missing", "link", "head"
    message: str


@dataclass(frozen=True)
class VerificationResult:
    """How many entries were checked and, if the chain is broken, where first."""

    checked: int
    last_sequence: int
    last_hash: str
    broken: ChainBreak | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        """One line for the terminal or the page."""
        if self.broken is None:
            return f"{self.checked:,} entries verified, chain intact"
        return f"chain broken: {self.broken.message}"


def _raw_rows(after_sequence: int) -> Iterator[tuple]:
    """Entries after a sequence, in order, as the database driver returns them."""
    queryset = AuditEntry.objects.filter(sequence__gt=after_sequence).order_by("sequence")
    connection = connections[queryset.db]
    columns = list(COLUMNS)
    if connection.vendor == "sqlite":
        # As text: the driver would otherwise parse every timestamp into a datetime
        # only for it to be written back as text.
        queryset = queryset.annotate(recorded_at_text=Cast("recorded_at", TextField()))
        columns[1] = "recorded_at_text"
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK_SIZE):
            yield from rows


def _recorded_at_text(value: str | dt.datetime) -> str:
    """A recorded_at column value in canonical_time form.

    SQLite keeps Django's naive UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]";
    PostgreSQL's driver returns an aware datetime. A value that is no time at
    all comes back as it is, so its entry's hash no longer matches.
    """
    if isinstance(value, dt.datetime):
        return canonical_time(value if value.tzinfo else value.replace(tzinfo=dt.UTC))
    if value[10:11] == " ":
        if len(value) == 26:
            return f"{value[:10]}T{value[11:]}+00:00"
        if len(value) == 19:
            return f"{value[:10]}T{value[11:]}.000000+00:00"
    try:
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return canonical_time(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))


_raw_decode = json.JSONDecoder().raw_decode


def _changes_value(value: Any) -> Any:
    """A changes column value decoded; text that is no JSON comes back as text (hash fails)."""
    if isinstance(value, str):
        try:
            decoded, end = _raw_decode(value)
            if end == len(value):
                return decoded
            return json.loads(value)  # surrounding whitespace, or trailing text (raises)
        except ValueError:
            return value
    if isinstance(value, bytes | bytearray | memoryview):
        return _changes_value(bytes(value).decode("utf-8", "replace"))
    return value


def _rows(after_sequence: int) -> Iterator[tuple]:
    """Entries as COLUMNS tuples, recorded_at as canonical text and changes decoded."""
    for row in _raw_rows(after_sequence):
        yield (
            row[0],
            _recorded_at_text(row[1]),
            *row[2:8],
            _changes_value(row[8]),
            row[9],
            row[10],
            row[11],
        )


def verify_chain(
    *, progress: Callable[[int], None] | None = None, report_every: int = 10_000
) -> VerificationResult:
    """Recompute and link every entry; ``progress(n)`` is called with n entries done so far.

    Entries appended by other writers while this runs are followed too: the
    head is read after the entries, and every entry committed before that read
    is, with its head update, in one transaction.
    """
    checked = 0
    expected = 1
    prev_hash = GENESIS_HASH
    for _round in range(_CATCH_UP_ROUNDS):
        for (
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
            stored_prev,
            stored_hash,
        ) in _raw_rows(expected - 1):
            if sequence != expected:
                return _broken(checked, expected - 1, prev_hash, _gap(expected, sequence))
            digest = row_digest(
                sequence,
                _recorded_at_text(recorded_at),
                actor_id,
                actor_name,
                action,
                target_model,
                target_id,
                target_repr,
                _changes_value(changes),
                reason,
                stored_prev,
            )
            if digest != stored_hash:
                return _broken(
                    checked,
                    expected - 1,
                    prev_hash,
                    ChainBreak(
                        sequence,
                        "changed",
                        _(
                            "entry %(sequence)s: content changed since it was recorded "
                            "(its hash no longer matches)"
                        )
                        % {"sequence": sequence},
                    ),
                )
            if stored_prev != prev_hash:
                return _broken(
                    checked,
                    expected - 1,
                    prev_hash,
                    ChainBreak(
                        sequence,
                        "link",
                        _(
                            "entry %(sequence)s: prev_hash mismatch, it does not follow "
                            "entry %(previous)s (an entry before it was rewritten)"
                        )
                        % {"sequence": sequence, "previous": sequence - 1},
                    ),
                )
            prev_hash = stored_hash
            checked += 1
            expected += 1
            if progress is not None and checked % report_every == 0:
                progress(checked)
        head = AuditChainHead.objects.filter(pk=1).values_list("last_sequence", "last_hash").first()
        if head is None or head[0] <= expected - 1:
            break
        # The head is further on: either entries were appended while we read
        # (follow them) or the last entries are gone (the next round finds none).
        if not AuditEntry.objects.filter(sequence=expected).exists():
            break
    if progress is not None:
        progress(checked)
    last = expected - 1
    problem = _head_problem(head, last, prev_hash)
    result = VerificationResult(checked, last, prev_hash, problem)
    logger.info("audit verify: %s", result.summary())
    return result


def _gap(expected: int, found: int) -> ChainBreak:
    numbers = {"first": expected, "last": found - 1, "before": expected - 1, "found": found}
    if expected == 1 and found == 2:
        message = _("entry 1 is missing (before entry 2)")
    elif expected == 1:
        message = _("entries 1 to %(last)s are missing (before entry %(found)s)")
    elif expected == found - 1:
        message = _("entry %(first)s is missing (between entry %(before)s and entry %(found)s)")
    else:
        message = _(
            "entries %(first)s to %(last)s are missing "
            "(between entry %(before)s and entry %(found)s)"
        )
    return ChainBreak(expected, "missing", message % numbers)


def _head_problem(head: tuple[int, str] | None, last: int, last_hash: str) -> ChainBreak | None:
    if head is None:
        if last == 0:
            return None
        message = _("head mismatch: the chain head is missing, the last entry is %(last)s")
        return ChainBreak(last, "head", message % {"last": last})
    head_sequence, head_hash = head
    numbers = {"head": head_sequence, "last": last, "next": last + 1}
    if head_sequence > last:
        if head_sequence == last + 1:
            message = _(
                "head mismatch: the head names entry %(head)s but the chain ends at "
                "entry %(last)s (the last entry is missing)"
            )
        else:
            message = _(
                "head mismatch: the head names entry %(head)s but the chain ends at "
                "entry %(last)s (entries %(next)s to %(head)s are missing)"
            )
        return ChainBreak(last + 1, "head", message % numbers)
    if head_sequence < last:
        message = _(
            "head mismatch: the head names entry %(head)s but entries run to "
            "%(last)s (entries were added outside Caregate)"
        )
        return ChainBreak(head_sequence + 1, "head", message % numbers)
    if head_hash != last_hash:
        message = _("head mismatch: entry %(last)s's hash differs from the one the head recorded")
        return ChainBreak(last, "head", message % numbers)
    return None


def _broken(checked: int, last: int, last_hash: str, problem: ChainBreak) -> VerificationResult:
    result = VerificationResult(checked, last, last_hash, problem)
    logger.warning("audit verify: %s", result.summary())
    return result


def entry_count() -> int:
    """How many entries the trail holds (for a progress total)."""
    return AuditEntry.objects.count()


# -- Export -----------------------------------------------------------------------------------

EXPORT_FORMATS = ("csv", "json")


def _export_rows() -> Iterator[dict[str, Any]]:
    for row in _rows(0):
        yield dict(zip(COLUMNS, row, strict=True))


def _canonical_changes(changes: dict[str, Any]) -> str:
    return json.dumps(
        changes, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def export_chain(
    destination: Path | TextIO, fmt: str, *, progress: Callable[[int], None] | None = None
) -> int:
    """Write every entry with its hashes as CSV or JSON; return how many were written.

    CSV: one row per entry, ``changes`` as canonical JSON text. JSON: an object
    with the hash recipe, the chain head and the ``entries`` list, written as it
    streams so memory stays flat.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use csv or json")
    if isinstance(destination, Path):
        with destination.open("w", encoding="utf-8", newline="") as stream:
            return export_chain(stream, fmt, progress=progress)
    writer = _write_csv if fmt == "csv" else _write_json
    count = writer(destination, progress)
    logger.info("audit export: %s entries as %s", count, fmt)
    return count


def _write_csv(stream: TextIO, progress) -> int:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for values in _export_rows():
        values["changes"] = _canonical_changes(values["changes"])
        values["actor_id"] = "" if values["actor_id"] is None else values["actor_id"]
        writer.writerow([values[column] for column in COLUMNS])
        count += 1
        if progress is not None and count % 10_000 == 0:
            progress(count)
    return count


def _write_json(stream: TextIO, progress) -> int:
    head = AuditChainHead.objects.filter(pk=1).values("last_sequence", "last_hash").first()
    preamble = {
        "format": "caregate-audit-export/1",
        "hash": "sha256 of the canonical JSON of every field but entry_hash; "
        "see caregate/audit/canonical.py",
        "genesis_prev_hash": GENESIS_HASH,
        "head": head,
    }
    opening = json.dumps(preamble, ensure_ascii=False, indent=1)
    stream.write(opening[:-2] + ',\n "entries": [\n')
    count = 0
    for values in _export_rows():
        if count:
            stream.write(",\n")
        stream.write("  " + json.dumps(values, ensure_ascii=False))
        count += 1
        if progress is not None and count % 10_000 == 0:
            progress(count)
    stream.write("\n ]\n}\n")
    return count
