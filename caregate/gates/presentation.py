"""What pages and the report show of assessments, gates and evidence.

Plain functions that take model instances and return dictionaries for
templates; they never see a request. Each one issues a fixed number of
queries whatever the number of gates, criteria or results, so pages stay
fast as a programme grows.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.apps import apps
from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

from caregate.evidence.metrics import get_metric
from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.services import open_snapshot
from caregate.evidence.snapshot import MANIFEST_NAME, SnapshotError, file_sha256
from caregate.gates.models import (
    Assessment,
    Criterion,
    CriterionResult,
    CriterionRevision,
    Gate,
    GateVerdict,
)
from caregate.gates.registers import CONDITIONS
from caregate.programmes.models import Programme

logger = logging.getLogger(__name__)

#: Failures first, then what could not be evaluated, then passes.
OUTCOME_RANK = {"fail": 0, "cannot_evaluate": 1, "pass": 2}

#: Records per page on the evidence page.
RECORDS_PER_PAGE = 50

#: How many record ids the report lists per result.
REPORT_RECORD_IDS = 20

#: Columns that name an Odoo record, shown on the evidence page when present.
LABEL_COLUMNS = (
    "name",
    "display_name",
    "complete_name",
    "login",
    "default_code",
    "reference",
    "code",
)

#: Columns that place a record (what, where, which state), shown after the
#: fields the metric reads while there is room.
CONTEXT_COLUMNS = (
    "product_id",
    "product_tmpl_id",
    "partner_id",
    "location_id",
    "lot_id",
    "state",
    "company_id",
)

#: At most this many columns besides ``id`` on the evidence page.
MAX_EVIDENCE_COLUMNS = 8


def result_sort_key(result: CriterionResult) -> tuple:
    """Blocking before advisory; within each, failures first, then criterion order."""
    return (not result.is_blocking, OUTCOME_RANK[result.outcome], result.criterion.order)


def criterion_definition(criterion: Criterion) -> dict[str, str]:
    """The written rule behind a criterion: its metric's or register condition's definition."""
    if criterion.kind == Criterion.Kind.METRIC:
        try:
            metric = get_metric(criterion.metric_key)
        except KeyError:
            return {
                "key": criterion.metric_key,
                "title": criterion.metric_key,
                "text": _("No metric with this key is registered."),
            }
        return {"key": metric.key, "title": str(metric.title), "text": metric.definition}
    if criterion.kind == Criterion.Kind.REGISTER:
        condition = CONDITIONS.get(criterion.register_condition)
        text = (condition.__doc__ or "").strip() if condition else ""
        return {
            "key": criterion.register_condition,
            "title": criterion.register_condition.replace("_", " "),
            "text": text or _("No register condition with this key is registered."),
        }
    if criterion.kind == Criterion.Kind.SIGNOFF:
        return {
            "key": "signoff",
            "title": _("Sign-off"),
            "text": _(
                "The latest sign-off on the gate by someone holding the role decides: "
                "an approval passes, a rejection or no sign-off at all fails."
            ),
        }
    return {
        "key": "freshness",
        "title": _("Evidence freshness"),
        "text": _(
            "The age of the evidence snapshot when the gate was assessed: the time between "
            "its collection from Odoo and the assessment."
        ),
    }


# -- one assessment: control tower and report -------------------------------------------


def assessment_context(assessment: Assessment) -> dict:
    """Gates in order with their results, blocking failures first, plus the definitions used.

    Each gate item holds ``open`` (results that did not pass) and ``passed``.
    """
    verdicts = list(
        assessment.verdicts.select_related("gate", "gate__primary_owner").order_by("gate__order")
    )
    results = CriterionResult.objects.filter(verdict__assessment=assessment).select_related(
        "criterion", "criterion__owner"
    )
    by_verdict: dict[int, list[CriterionResult]] = {}
    for result in results:
        by_verdict.setdefault(result.verdict_id, []).append(result)
    gates = []
    definitions: dict[str, dict[str, str]] = {}
    for verdict in verdicts:
        rows = sorted(by_verdict.get(verdict.id, []), key=result_sort_key)
        for result in rows:
            if result.criterion.kind in (Criterion.Kind.METRIC, Criterion.Kind.REGISTER):
                definition = criterion_definition(result.criterion)
                definitions.setdefault(definition["key"], definition)
        gates.append(
            {
                "verdict": verdict,
                "gate": verdict.gate,
                "results": rows,
                "open": [result for result in rows if result.outcome != "pass"],
                "passed": [result for result in rows if result.outcome == "pass"],
            }
        )
    return {
        "assessment": assessment,
        "programme": assessment.programme,
        "snapshot": assessment.snapshot,
        "gates": gates,
        "ready_count": sum(1 for verdict in verdicts if verdict.ready),
        "gate_count": len(verdicts),
        "definitions": sorted(definitions.values(), key=lambda item: item["key"]),
        "report_record_ids": REPORT_RECORD_IDS,
    }


def readiness_history(programme: Programme, limit: int = 20) -> list[dict]:
    """The programme's latest assessments, newest first, each with its gates' verdicts."""
    assessments = list(
        programme.assessments.select_related("snapshot", "assessed_by").order_by(
            "-started_at", "-id"
        )[:limit]
    )
    verdicts = GateVerdict.objects.filter(assessment__in=assessments).select_related("gate")
    by_assessment: dict[int, list[GateVerdict]] = {}
    for verdict in verdicts.order_by("gate__order"):
        by_assessment.setdefault(verdict.assessment_id, []).append(verdict)
    rows = []
    for assessment in assessments:
        gate_verdicts = by_assessment.get(assessment.id, [])
        rows.append(
            {
                "assessment": assessment,
                "verdicts": gate_verdicts,
                "ready_count": sum(1 for verdict in gate_verdicts if verdict.ready),
                "gate_count": len(gate_verdicts),
            }
        )
    return rows


# -- one gate ---------------------------------------------------------------------------


def gate_context(gate: Gate, history_limit: int = 30) -> dict:
    """Everything the gate page shows: its criteria with latest results, sign-offs, history."""
    criteria = list(
        gate.criteria.filter(is_active=True).select_related("owner").order_by("order", "key")
    )
    history = list(
        gate.verdicts.select_related("assessment", "assessment__snapshot").order_by(
            "-assessment__started_at", "-assessment__id"
        )[:history_limit]
    )
    latest = history[0] if history else None
    latest_results: dict[int, CriterionResult] = {}
    if latest is not None:
        latest_results = {result.criterion_id: result for result in latest.results.all()}
    rows = [
        {
            "criterion": criterion,
            "result": latest_results.get(criterion.id),
            "definition": criterion_definition(criterion),
        }
        for criterion in criteria
    ]
    return {
        "gate": gate,
        "stages": list(gate.stages.order_by("order")),
        "criteria": rows,
        "latest_verdict": latest,
        "signoffs": list(
            gate.signoffs.select_related("person", "recorded_by").order_by("-signed_at", "-id")
        ),
        "revisions": list(
            CriterionRevision.objects.filter(criterion__gate=gate)
            .select_related("criterion", "changed_by")
            .order_by("-changed_at", "-id")
        ),
        "history": history,
    }


# -- the records behind one result ------------------------------------------------------


@dataclass
class EvidenceRecords:
    """One page of the records behind a result, read from the snapshot or Caregate."""

    source: str  # "snapshot", "caregate" or "none"
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    page: Page | None = None
    missing_ids: list[int] = field(default_factory=list)
    error: str = ""


def evidence_context(result: CriterionResult, page_number: Any = 1) -> dict:
    """The result, its rule and definition, and one page of the records behind it."""
    criterion = result.criterion
    evidence = result.evidence or {}
    record_ids = [int(record_id) for record_id in evidence.get("record_ids") or []]
    record_count = int(evidence.get("record_count") or len(record_ids))
    paginator = Paginator(record_ids, RECORDS_PER_PAGE, allow_empty_first_page=True)
    page = paginator.get_page(page_number)
    snapshot_record = result.verdict.assessment.snapshot
    if criterion.kind == Criterion.Kind.METRIC and record_ids:
        records = _snapshot_records(snapshot_record, criterion, evidence.get("model", ""), page)
    elif criterion.kind in (Criterion.Kind.REGISTER, Criterion.Kind.SIGNOFF) and record_ids:
        records = _caregate_records(evidence, page)
    else:
        records = EvidenceRecords(source="none", page=page)
    return {
        "result": result,
        "criterion": criterion,
        "verdict": result.verdict,
        "assessment": result.verdict.assessment,
        "gate": result.verdict.gate,
        "snapshot": snapshot_record,
        "evidence": evidence,
        "definition": criterion_definition(criterion),
        "record_count": record_count,
        "kept_count": len(record_ids),
        "truncated": record_count > len(record_ids),
        "records": records,
    }


def _evidence_columns(table_columns: Sequence[str], criterion: Criterion, model: str) -> list[str]:
    """id, the columns that name a record, the fields the metric reads, then context."""
    wanted = ["id", *LABEL_COLUMNS]
    with contextlib.suppress(KeyError):
        wanted += list(get_metric(criterion.metric_key).reads.get(model, ()))
    wanted += CONTEXT_COLUMNS
    chosen: list[str] = []
    for name in wanted:
        if name in table_columns and name not in chosen:
            chosen.append(name)
    return chosen[: MAX_EVIDENCE_COLUMNS + 1]


def _snapshot_records(
    snapshot_record: EvidenceSnapshot | None, criterion: Criterion, model: str, page: Page
) -> EvidenceRecords:
    if snapshot_record is None:
        return EvidenceRecords(
            source="snapshot", page=page, error=_("This assessment has no evidence snapshot.")
        )
    try:
        snapshot = open_snapshot(snapshot_record, verify=False)
        if not snapshot.has_model(model):
            return EvidenceRecords(
                source="snapshot",
                page=page,
                error=_("The snapshot holds no %(model)s records.") % {"model": model},
            )
        available = pq.read_schema(snapshot.file(model)).names
        columns = _evidence_columns(available, criterion, model)
        page_ids = list(page.object_list)
        table = snapshot.table(model, columns=columns)
        table = table.filter(pc.is_in(table["id"], value_set=pa.array(page_ids, pa.int64())))
    except (SnapshotError, OSError, pa.ArrowException) as exc:
        logger.warning("snapshot %s: cannot read %s: %s", snapshot_record.snapshot_id, model, exc)
        return EvidenceRecords(
            source="snapshot",
            page=page,
            error=_(
                "The snapshot %(snapshot)s cannot be read from %(path)s, so its records cannot "
                "be shown. Restore the folder or collect a new snapshot."
            )
            % {"snapshot": snapshot_record.snapshot_id, "path": snapshot_record.path},
        )
    by_id = {row["id"]: row for row in table.to_pylist()}
    rows = [
        [_cell(by_id[record_id].get(name)) for name in columns]
        for record_id in page_ids
        if record_id in by_id
    ]
    return EvidenceRecords(
        source="snapshot",
        columns=columns,
        rows=rows,
        page=page,
        missing_ids=[record_id for record_id in page_ids if record_id not in by_id],
    )


def _cell(value: Any) -> Any:
    """A Parquet value ready for a table cell (lists of ids become text)."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def _caregate_records(evidence: dict, page: Page) -> EvidenceRecords:
    """Caregate's own records (register conditions, sign-offs) named in the evidence."""
    label = evidence.get("model", "")
    page_ids = list(page.object_list)
    stored_labels = dict(
        zip(evidence.get("record_ids") or [], evidence.get("labels") or [], strict=False)
    )
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        model = None
    found = {}
    if model is not None:
        found = {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=page_ids)}
    rows = []
    missing = []
    for record_id in page_ids:
        if record_id in found:
            rows.append([record_id, found[record_id]])
        elif record_id in stored_labels:
            rows.append([record_id, stored_labels[record_id]])
        else:
            missing.append(record_id)
    return EvidenceRecords(
        source="caregate",
        columns=["id", _("record")],
        rows=rows,
        page=page,
        missing_ids=missing,
    )


# -- snapshots --------------------------------------------------------------------------


def snapshot_status(record: EvidenceSnapshot) -> str:
    """'verified' when the folder's manifest still hashes to the recorded SHA-256.

    The manifest holds the SHA-256 of every Parquet file, so a matching
    manifest pins the whole snapshot; the files themselves are re-hashed on
    every assessment (hashing them here would make the page slow).
    """
    manifest = Path(record.path) / MANIFEST_NAME
    if not manifest.is_file():
        return "missing"
    try:
        digest = file_sha256(manifest)
    except OSError:
        return "missing"
    return "verified" if digest == record.manifest_sha256 else "changed"


def snapshot_rows(programme: Programme) -> list[dict]:
    """The programme's snapshots, newest first, with rows per model and their status."""
    return [
        {
            "snapshot": record,
            "status": snapshot_status(record),
            "models": sorted(record.row_counts.items()),
        }
        for record in programme.snapshots.order_by("-collected_at")
    ]
