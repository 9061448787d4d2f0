"""Build small evidence snapshots from Odoo-style rows, for tests of any area.

Rows use the values Odoo's external API returns (many2one as an id or
[id, name], datetimes as "YYYY-MM-DD HH:MM:SS", False for empty), so the same
conversion path as a real collection is exercised.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from caregate.evidence.snapshot import SnapshotWriter, new_snapshot_id, records_to_table
from caregate.evidence.spec import ODOO17_FIELD_TYPES, SPEC_BY_MODEL

DEFAULT_COLLECTED_AT = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def build_snapshot(
    root: Path,
    rows: dict[str, list[dict]],
    *,
    collected_at: dt.datetime = DEFAULT_COLLECTED_AT,
    label: str = "test",
) -> Path:
    """Write a snapshot holding exactly the given models (and their spec's fields)."""
    with SnapshotWriter(Path(root), new_snapshot_id(label, collected_at)) as writer:
        for model, records in rows.items():
            field_types = ODOO17_FIELD_TYPES[model]
            spec = SPEC_BY_MODEL[model]
            writer.write_model(
                model,
                records_to_table(records, field_types),
                field_types,
                domain=spec.domain,
                archived_included=spec.include_archived,
            )
        return writer.finish(
            {
                "source": {
                    "kind": "odoo",
                    "url": "http://odoo.test",
                    "database": label,
                    "server_version": "17.0",
                },
                "collected_at": collected_at.isoformat(),
                "installed_modules": ["base"],
                "companies": [{"id": 1, "name": "Test Health", "currency": "EUR"}],
            }
        )
