"""Importing a register from a spreadsheet: validate every row, then apply all or nothing.

Validation reads the whole file and collects every problem (bad values,
unknown people/sites/workstreams, duplicate keys, missing required values)
before anything is written; one problem rejects the whole file with
:class:`ImportRejected`. An accepted file is applied in one transaction:
rows are upserted by the register's stable key, rows equal to what is
stored are not written, and an :class:`ImportRun` records the counts.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.db import transaction

from caregate.spreadsheets.cells import DATE_ORDERS, convert
from caregate.spreadsheets.lookups import Lookups
from caregate.spreadsheets.models import ImportRun
from caregate.spreadsheets.problems import CellError, ImportRejected, Problem
from caregate.spreadsheets.reader import RawTable, read_table
from caregate.spreadsheets.schema import Batch, SheetSchema, get_schema

logger = logging.getLogger(__name__)

#: Kinds whose blank value is an empty string (CharFields); the others store None.
_BLANK_AS_TEXT = ("text", "email", "choice")


@dataclass
class ParsedRow:
    """One data row after conversion: its number in the file, values by attribute, key."""

    number: int
    values: dict[str, Any]
    key: tuple


def validate(
    schema: SheetSchema,
    table: RawTable,
    programme,
    *,
    date_order: str | None = None,
    lookups: Lookups | None = None,
) -> tuple[list[ParsedRow], list[Problem]]:
    """Convert every row of the table; return the rows and every problem found."""
    problems = list(table.problems)
    if table.fatal:
        return [], problems
    lookups = lookups or Lookups(programme)
    choice_indexes = {
        column.attribute: column.choice_index() for _p, column in table.columns if column.choices
    }
    key_headings = ", ".join(schema.column(attribute).heading for attribute in schema.key_columns)
    parsed: list[ParsedRow] = []
    first_row_of_key: dict[tuple, int] = {}

    def problem(message: str, row: int, column: str | None = None) -> None:
        problems.append(Problem(table.file, message, table.sheet, row, column))

    for number, raw_row in table.rows:
        values: dict[str, Any] = {}
        ok = True
        for position, column in table.columns:
            raw = raw_row[position] if position < len(raw_row) else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if column.required:
                    problem("is required but empty", number, column.heading)
                    ok = False
                values[column.attribute] = "" if column.kind in _BLANK_AS_TEXT else None
                continue
            if column.kind == "text" and isinstance(raw, str):
                value = " ".join(raw.split())  # the common case, fast
            else:
                try:
                    value = convert(
                        column,
                        raw,
                        date_order=date_order,
                        lookups=lookups,
                        choice_index=choice_indexes.get(column.attribute),
                    )
                except CellError as exc:
                    problem(str(exc), number, column.heading)
                    ok = False
                    continue
            if column.max_length and isinstance(value, str) and len(value) > column.max_length:
                problem(
                    f"is {len(value)} characters long; at most {column.max_length} fit",
                    number,
                    column.heading,
                )
                ok = False
                continue
            values[column.attribute] = value
        if not ok:
            continue
        key = schema.key_of(values)
        if key in first_row_of_key:
            problem(f"repeats the key ({key_headings}) of row {first_row_of_key[key]}", number)
            continue
        first_row_of_key[key] = number
        parsed.append(ParsedRow(number, values, key))
    if schema.check is not None:
        for number, heading, message in schema.check(parsed):
            problem(message, number, heading)
    problems.sort(key=lambda item: (item.row or 0, item.column or ""))
    return parsed, problems


def _read_bytes(path_or_bytes: bytes | str | Path) -> bytes:
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        return bytes(path_or_bytes)
    return Path(path_or_bytes).read_bytes()


def import_file(
    schema_key: str,
    path_or_bytes: bytes | str | Path,
    filename: str | None,
    programme,
    user,
    *,
    date_order: str | None = None,
    encoding: str | None = None,
) -> ImportRun:
    """Validate the whole file, then upsert every row in one transaction.

    Raises ImportRejected (listing every problem, nothing stored) when any row
    is wrong. Returns the ImportRun with the rows read, created, updated and
    unchanged.
    """
    schema = get_schema(schema_key)
    if date_order is not None and date_order not in DATE_ORDERS:
        raise ValueError(f"date order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    data = _read_bytes(path_or_bytes)
    if filename is None:
        filename = (
            PurePath(str(path_or_bytes)).name if not isinstance(path_or_bytes, bytes) else "upload"
        )
    table = read_table(schema, data, filename, encoding=encoding)
    lookups = Lookups(programme)
    rows, problems = validate(schema, table, programme, date_order=date_order, lookups=lookups)
    if problems:
        logger.info("import %s of %s rejected: %d problems", schema.key, filename, len(problems))
        raise ImportRejected(problems)

    with transaction.atomic():
        batch = Batch(programme=programme, user=user, lookups=lookups)
        stored = schema.stored_records(programme, batch)
        created: list = []
        updated: list[tuple[Any, dict]] = []
        created_changes: list[dict] = []
        unchanged = 0
        for row in rows:
            existing = stored.get(row.key)
            instance, changes = schema.apply_row(programme, row.values, existing, batch)
            if existing is None:
                created.append(instance)
                created_changes.append(changes)
            elif changes:
                updated.append((instance, changes))
            else:
                unchanged += 1
        schema.save(batch, created, updated)
        run = ImportRun.objects.create(
            programme=programme,
            register=schema.key,
            user=user,
            filename=PurePath(filename).name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows_read=len(rows),
            created=len(created),
            updated=len(updated),
            unchanged=unchanged,
        )
        _audit(run, user, list(zip(created, created_changes, strict=True)) + updated)
    logger.info(
        "import %s of %s into %s: %d rows, %d created, %d updated, %d unchanged",
        schema.key,
        run.filename,
        programme.key,
        run.rows_read,
        run.created,
        run.updated,
        run.unchanged,
    )
    return run


def _audit_module():
    try:
        return importlib.import_module("caregate.audit.services")
    except ModuleNotFoundError:
        return None


def _audit(run: ImportRun, user, changed: list[tuple[Any, dict]]) -> None:
    """One "import" entry for the run and one per created or changed record, when audited."""
    audit = _audit_module()
    if audit is None:  # the audit app is optional: without it imports are not audited
        return
    reason = f"spreadsheet import of {run.filename} into register {run.register}"
    run_changes = {
        "created": run.created,
        "updated": run.updated,
        "unchanged": run.unchanged,
        "sha256": run.sha256,
    }
    audit.record(user, "import", run, changes=run_changes, reason=reason)
    entries = [
        (instance, {name: [old, new] for name, (old, new) in changes.items()})
        for instance, changes in changed
    ]
    audit.record_many(user, "import", entries, reason=reason)
