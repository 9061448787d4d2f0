"""Build small snapshots from Odoo-shaped dict rows, for evidence tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from caregate.evidence.metrics import MetricContext, MetricResult, get_metric
from caregate.evidence.snapshot import (
    Snapshot,
    SnapshotWriter,
    new_snapshot_id,
    records_to_table,
)
from caregate.evidence.spec import ODOO17_FIELD_TYPES

#: When test snapshots are collected; the default as-of moment of KPIs.
COLLECTED_AT = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


def build_snapshot(
    root: Path,
    models: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    collected_at: dt.datetime = COLLECTED_AT,
    field_types: Mapping[str, Mapping[str, str]] | None = None,
    without_fields: Mapping[str, Iterable[str]] | None = None,
) -> Snapshot:
    """Write and open a snapshot holding exactly ``models`` (rows as search_read returns them).

    Field types come from ODOO17_FIELD_TYPES unless ``field_types`` gives a
    model's own; ``without_fields`` leaves columns out, as a server lacking
    those fields would.
    """
    field_types = dict(field_types or {})
    without_fields = {model: set(names) for model, names in (without_fields or {}).items()}
    snapshot_id = new_snapshot_id("test", collected_at)
    with SnapshotWriter(Path(root), snapshot_id) as writer:
        for model, rows in models.items():
            types = dict(field_types.get(model) or ODOO17_FIELD_TYPES[model])
            for name in without_fields.get(model, ()):
                types.pop(name)
            writer.write_model(model, records_to_table(list(rows), types), types)
        path = writer.finish({"collected_at": collected_at.isoformat(), "source": {"kind": "demo"}})
    return Snapshot.open(path)


def every_spec_model_empty() -> dict[str, list]:
    return {model: [] for model in ODOO17_FIELD_TYPES}


def run_metric(snapshot: Snapshot, key: str, **params: Any) -> MetricResult:
    """Compute a registered metric on a snapshot with the given programme settings."""
    connection = snapshot.duckdb()
    try:
        return get_metric(key).compute(MetricContext(snapshot, connection, params))
    finally:
        connection.close()


def compute(
    root: Path, key: str, models: Mapping[str, Iterable[Mapping[str, Any]]], **params: Any
) -> MetricResult:
    """Build a snapshot of ``models`` under ``root`` and compute metric ``key`` on it."""
    return run_metric(build_snapshot(root, models), key, **params)
