"""Immutable evidence snapshots: one Parquet file per Odoo model plus a manifest.

A snapshot is a folder::

    <snapshot_id>/
        manifest.json          server, database, modules, companies, collected_at,
                               and for each model: file, rows, fields, sha256
        stock.move.parquet     one file per model, columns named as Odoo names them
        ...

It is written into a hidden temporary folder next to its final place and renamed
only once every file and the manifest are on disk, so a crash or an error never
leaves something that looks complete. Opening a snapshot re-hashes every file
and refuses one that no longer matches its manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"

#: Odoo field type -> Arrow column type. Anything not listed is kept as text.
_ARROW_TYPES: dict[str, pa.DataType] = {
    "integer": pa.int64(),
    "float": pa.float64(),
    "monetary": pa.float64(),
    "boolean": pa.bool_(),
    "char": pa.string(),
    "text": pa.string(),
    "html": pa.string(),
    "selection": pa.string(),
    "date": pa.date32(),
    "datetime": pa.timestamp("s", tz="UTC"),
    "many2one": pa.int64(),
    "many2one_reference": pa.int64(),
    "many2many": pa.list_(pa.int64()),
    "one2many": pa.list_(pa.int64()),
}


class SnapshotError(Exception):
    """A snapshot cannot be written or read; the message names the file."""


class SnapshotIntegrityError(SnapshotError):
    """A snapshot's files no longer match the hashes in its manifest."""


def arrow_type(odoo_type: str) -> pa.DataType:
    return _ARROW_TYPES.get(odoo_type, pa.string())


def arrow_schema(field_types: Mapping[str, str]) -> pa.Schema:
    """Schema for a model: ``id`` first, then the fields in the order given."""
    columns = [pa.field("id", pa.int64(), nullable=False)]
    columns += [
        pa.field(name, arrow_type(kind)) for name, kind in field_types.items() if name != "id"
    ]
    return pa.schema(columns)


def _convert(value: Any, odoo_type: str) -> Any:
    """Turn one value as Odoo's external API returns it into an Arrow-ready value."""
    if odoo_type == "boolean":
        return bool(value)
    if value is False or value is None:
        # Odoo answers False for an empty field of any type but boolean.
        return [] if odoo_type in ("many2many", "one2many") else None
    if odoo_type == "many2one":
        return value[0] if isinstance(value, list | tuple) else int(value)
    if odoo_type == "datetime":
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=dt.UTC)
    if odoo_type == "date":
        return dt.date.fromisoformat(value)
    if odoo_type in ("float", "monetary"):
        return float(value)
    if odoo_type in ("char", "text", "html", "selection") and not isinstance(value, str):
        return str(value)
    return value


def records_to_table(
    records: Iterable[Mapping[str, Any]], field_types: Mapping[str, str]
) -> pa.Table:
    """Build an Arrow table from ``search_read`` records.

    Raises :class:`SnapshotError` naming the record and field when a value has a
    shape the field's type does not allow (a malformed answer from a server).
    """
    schema = arrow_schema(field_types)
    names = schema.names
    kinds = ["integer", *[field_types[name] for name in names[1:]]]
    columns: list[list[Any]] = [[] for _ in names]
    for record in records:
        for index, (name, kind) in enumerate(zip(names, kinds, strict=True)):
            try:
                columns[index].append(_convert(record.get(name, False), kind))
            except (TypeError, ValueError, IndexError) as exc:
                raise SnapshotError(
                    f"record id={record.get('id')!r} field {name!r}: value "
                    f"{record.get(name)!r} is not a valid {kind} ({exc})"
                ) from None
    try:
        return pa.Table.from_arrays(
            [pa.array(column, type=schema.field(i).type) for i, column in enumerate(columns)],
            schema=schema,
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SnapshotError(f"values do not fit the model's field types: {exc}") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def new_snapshot_id(label: str, now: dt.datetime | None = None) -> str:
    """A sortable, unique id: UTC time, a label (database name) and a random tail."""
    now = now or dt.datetime.now(dt.UTC)
    safe_label = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in label)[:40]
    return f"{now:%Y%m%dT%H%M%SZ}-{safe_label}-{secrets.token_hex(3)}"


class SnapshotWriter:
    """Write a snapshot into a temporary folder, then publish it atomically.

    Use as a context manager: leaving the block with an exception deletes the
    temporary folder, leaving it normally requires :meth:`finish` to have run.
    """

    def __init__(self, root: Path, snapshot_id: str):
        self.root = Path(root)
        self.snapshot_id = snapshot_id
        self.final_path = self.root / snapshot_id
        self.temp_path = self.root / f".tmp-{snapshot_id}"
        self.models: dict[str, dict[str, Any]] = {}
        self.finished = False

    def __enter__(self) -> SnapshotWriter:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.final_path.exists():
            raise SnapshotError(f"snapshot folder {self.final_path} already exists")
        self.temp_path.mkdir()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None or not self.finished:
            shutil.rmtree(self.temp_path, ignore_errors=True)

    def _file_for(self, model: str) -> Path:
        return self.temp_path / f"{model}.parquet"

    def write_model(
        self,
        model: str,
        batches: Iterable[pa.Table] | pa.Table,
        field_types: Mapping[str, str],
        *,
        domain: Iterable = (),
        archived_included: bool = False,
    ) -> int:
        """Write one model from a table or a stream of tables; return its row count."""
        if model in self.models:
            raise SnapshotError(f"model {model} written twice into snapshot {self.snapshot_id}")
        schema = arrow_schema(field_types)
        path = self._file_for(model)
        rows = 0
        if isinstance(batches, pa.Table):
            batches = [batches]
        with pq.ParquetWriter(path, schema, compression="zstd") as writer:
            for table in batches:
                if table.num_rows == 0:
                    continue
                writer.write_table(table.select(schema.names).cast(schema))
                rows += table.num_rows
        self.models[model] = {
            "file": path.name,
            "rows": rows,
            "fields": dict(field_types),
            "domain": [list(term) if isinstance(term, tuple) else term for term in domain],
            "archived_included": archived_included,
        }
        logger.info("snapshot %s: wrote %s rows of %s", self.snapshot_id, rows, model)
        return rows

    def finish(self, metadata: Mapping[str, Any]) -> Path:
        """Hash every file, write the manifest, and rename the folder into place."""
        for entry in self.models.values():
            entry["sha256"] = file_sha256(self.temp_path / entry["file"])
        manifest = {
            "format_version": FORMAT_VERSION,
            "snapshot_id": self.snapshot_id,
            **metadata,
            "models": self.models,
        }
        manifest_path = self.temp_path / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
        for path in self.temp_path.iterdir():
            path.chmod(0o444)
        os.replace(self.temp_path, self.final_path)
        self.finished = True
        return self.final_path


@dataclass
class Snapshot:
    """A verified, read-only snapshot on disk."""

    path: Path
    manifest: dict[str, Any]

    @classmethod
    def open(cls, path: Path | str, *, verify: bool = True) -> Snapshot:
        path = Path(path)
        manifest_path = path / MANIFEST_NAME
        if not path.is_dir():
            raise SnapshotError(f"{path} is not a snapshot folder")
        if not manifest_path.is_file():
            raise SnapshotError(f"{path} has no {MANIFEST_NAME}: it is not a complete snapshot")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise SnapshotError(f"{manifest_path} is not valid JSON: {exc}") from None
        if manifest.get("format_version") != FORMAT_VERSION:
            raise SnapshotError(
                f"{manifest_path}: format_version {manifest.get('format_version')!r} "
                f"is not {FORMAT_VERSION}"
            )
        snapshot = cls(path=path, manifest=manifest)
        if verify:
            snapshot.verify()
        return snapshot

    def verify(self) -> None:
        """Re-hash every model file; raise naming the first one that changed."""
        for model, entry in sorted(self.manifest["models"].items()):
            file_path = self.path / entry["file"]
            if not file_path.is_file():
                raise SnapshotIntegrityError(
                    f"snapshot {self.snapshot_id}: {entry['file']} ({model}) is missing"
                )
            if file_sha256(file_path) != entry["sha256"]:
                raise SnapshotIntegrityError(
                    f"snapshot {self.snapshot_id}: {entry['file']} ({model}) does not match "
                    "the SHA-256 in its manifest; it was changed after collection"
                )

    @property
    def snapshot_id(self) -> str:
        return self.manifest["snapshot_id"]

    @property
    def collected_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["collected_at"])

    @property
    def model_names(self) -> list[str]:
        return sorted(self.manifest["models"])

    def has_model(self, model: str) -> bool:
        return model in self.manifest["models"]

    def row_count(self, model: str) -> int:
        return int(self.manifest["models"][model]["rows"])

    def has_field(self, model: str, field_name: str) -> bool:
        return self.has_model(model) and field_name in self.manifest["models"][model]["fields"]

    def file(self, model: str) -> Path:
        return self.path / self.manifest["models"][model]["file"]

    def table(self, model: str, columns: list[str] | None = None) -> pa.Table:
        return pq.read_table(self.file(model), columns=columns)

    def iter_models(self) -> Iterator[tuple[str, dict[str, Any]]]:
        yield from sorted(self.manifest["models"].items())

    def duckdb(self):
        """An in-memory DuckDB connection with one view per model.

        Views are named after the model with dots replaced by underscores
        (``stock.move`` -> ``stock_move``), so checks read as plain SQL.
        """
        import duckdb

        connection = duckdb.connect(database=":memory:")
        for model in self.model_names:
            view = model.replace(".", "_")
            file_path = str(self.file(model)).replace("'", "''")
            connection.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{file_path}')")
        return connection
