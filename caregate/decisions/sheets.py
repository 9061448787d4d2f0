"""The "decision-log" register as a spreadsheet: export only.

Entries are written by the decisions they record (sign-offs, board decisions,
waivers) and corrected by new entries; a file cannot add or change one, so an
import with any row is refused. The evidence cited is written as JSON text.

Registered from DecisionsConfig.ready().
"""

from __future__ import annotations

import json

from caregate.decisions.models import DecisionKind, DecisionLogEntry
from caregate.spreadsheets.schema import Batch, Column, SheetSchema, choices_from, register_schema

COLUMNS = (
    Column("Reference", "reference", "text", required=True),
    Column("Kind", "kind", "choice", choices=choices_from(DecisionKind), width=24),
    Column("Decision", "summary", "text", width=50),
    Column("Outcome", "outcome", "text"),
    Column("Who", "decided_by", "person", width=24),
    Column("When (UTC)", "decided_at", "text", width=22),
    Column("Why", "rationale", "text", width=50),
    Column("Evidence cited", "evidence", "text", width=50),
    Column("Record", "subject", "text", width=40),
    Column("Corrects", "corrects", "text"),
    Column("Signed", "signed", "text"),
)


def decision_log_rows(programme):
    """Export rows: every entry, oldest first (the order decisions were taken)."""
    entries = (
        DecisionLogEntry.objects.filter(programme=programme)
        .select_related("decided_by", "corrects")
        .order_by("decided_at", "id")
    )
    for entry in entries:
        yield {
            "reference": entry.reference,
            "kind": entry.kind,
            "summary": entry.summary,
            "outcome": entry.outcome,
            "decided_by": entry.decided_by,
            "decided_at": entry.decided_at.strftime("%Y-%m-%d %H:%M:%S"),
            "rationale": entry.rationale,
            "evidence": json.dumps(entry.evidence, sort_keys=True),
            "subject": f"{entry.subject_repr} ({entry.subject_model} {entry.subject_id})",
            "corrects": entry.corrects.reference if entry.corrects else "",
            "signed": "yes" if entry.signature_id else "no",
        }


def _stored_nothing(programme, batch: Batch):
    return {}


def _no_apply(programme, values, existing, batch):  # pragma: no cover - check() refuses first
    raise RuntimeError("the decision log cannot be imported")


def refuse_import(rows: list) -> list[tuple[int, str | None, str]]:
    """Every row is refused: the log is written by decisions, never by a file."""
    return [
        (row.number, None, "the decision log is export-only: entries are written by decisions")
        for row in rows[:1]
    ]


DECISION_LOG = register_schema(
    SheetSchema(
        key="decision-log",
        title="Decision log",
        sheet_name="Decision log",
        model=DecisionLogEntry,
        key_columns=("reference",),
        columns=COLUMNS,
        rows=decision_log_rows,
        apply=_no_apply,
        stored=_stored_nothing,
        check=refuse_import,
        description="Every gate decision, design-authority decision and waiver (export only).",
    )
)
