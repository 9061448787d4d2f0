"""Registering snapshots with a programme and opening them again."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.snapshot import MANIFEST_NAME, Snapshot, file_sha256
from caregate.programmes.models import Programme

logger = logging.getLogger(__name__)


def register_snapshot(programme: Programme, path: Path | str) -> EvidenceSnapshot:
    """Verify a snapshot folder and record it for the programme (idempotent)."""
    snapshot = Snapshot.open(path)
    manifest = snapshot.manifest
    source = manifest.get("source", {})
    record, created = EvidenceSnapshot.objects.update_or_create(
        snapshot_id=snapshot.snapshot_id,
        defaults={
            "programme": programme,
            "path": str(Path(path).resolve()),
            "source": source.get("kind", EvidenceSnapshot.Source.ODOO),
            "odoo_url": source.get("url", ""),
            "database": source.get("database", ""),
            "server_version": str(source.get("server_version", "")),
            "collected_at": dt.datetime.fromisoformat(manifest["collected_at"]),
            "row_counts": {model: entry["rows"] for model, entry in snapshot.iter_models()},
            "manifest_sha256": file_sha256(Path(path) / MANIFEST_NAME),
        },
    )
    logger.info(
        "snapshot %s: %s for programme %s",
        record.snapshot_id,
        "registered" if created else "re-registered",
        programme.key,
    )
    return record


def open_snapshot(record: EvidenceSnapshot, *, verify: bool = True) -> Snapshot:
    return Snapshot.open(record.path, verify=verify)
