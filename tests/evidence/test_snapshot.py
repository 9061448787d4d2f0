"""Snapshot files: writing, reading back, integrity, and converting Odoo values."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from caregate.evidence.snapshot import (
    MANIFEST_NAME,
    Snapshot,
    SnapshotError,
    SnapshotIntegrityError,
    SnapshotWriter,
    records_to_table,
)
from caregate.evidence.spec import ODOO17_FIELD_TYPES

PARTNER_TYPES = ODOO17_FIELD_TYPES["res.partner"]
PARTNERS = [
    {
        "id": 1,
        "name": "Medi Supply",
        "is_company": True,
        "parent_id": False,
        "vat": "NL123",
        "active": True,
        "supplier_rank": 3,
        "country_id": [166, "Netherlands"],
    },
    {
        "id": 2,
        "name": "Jan de Vries",
        "is_company": False,
        "parent_id": [1, "Medi Supply"],
        "vat": False,
        "active": False,
        "supplier_rank": 0,
        "country_id": False,
    },
]


def _write(root, snapshot_id="20260601T120000Z-test-abcdef", partners=PARTNERS):
    with SnapshotWriter(root, snapshot_id) as writer:
        writer.write_model(
            "res.partner",
            records_to_table(partners, PARTNER_TYPES),
            PARTNER_TYPES,
            archived_included=True,
        )
        return writer.finish({"collected_at": "2026-06-01T12:00:00+00:00"})


def test_a_model_round_trips_through_a_snapshot(tmp_path):
    # Given a snapshot written with two partners
    path = _write(tmp_path)
    # When it is opened again
    snapshot = Snapshot.open(path)
    # Then the manifest, the rows and the DuckDB view hold what was written
    assert snapshot.snapshot_id == "20260601T120000Z-test-abcdef"
    assert snapshot.collected_at == dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert snapshot.model_names == ["res.partner"]
    assert snapshot.row_count("res.partner") == 2
    assert snapshot.has_field("res.partner", "vat")
    assert not snapshot.has_field("res.partner", "website")
    assert snapshot.manifest["models"]["res.partner"]["archived_included"] is True
    columns = snapshot.table("res.partner", ["id", "name", "parent_id", "active"]).to_pydict()
    assert columns == {
        "id": [1, 2],
        "name": ["Medi Supply", "Jan de Vries"],
        "parent_id": [None, 1],
        "active": [True, False],
    }
    connection = snapshot.duckdb()
    rows = connection.execute(
        "SELECT id, country_id, supplier_rank FROM res_partner ORDER BY id"
    ).fetchall()
    assert rows == [(1, 166, 3), (2, None, 0)]
    assert not list(tmp_path.glob(".tmp-*"))


def test_a_changed_file_is_refused_naming_it(tmp_path):
    # Given a published snapshot whose partner file is then edited
    path = _write(tmp_path)
    target = path / "res.partner.parquet"
    target.chmod(0o644)
    other = records_to_table([{**PARTNERS[0], "name": "Tampered"}], PARTNER_TYPES)
    pq.write_table(other, target)
    # When it is opened, then it is refused and the file is named
    with pytest.raises(SnapshotIntegrityError, match=r"res\.partner\.parquet.*SHA-256"):
        Snapshot.open(path)
    # Opening without verification is still possible, for diagnosis.
    assert Snapshot.open(path, verify=False).row_count("res.partner") == 2


def test_a_missing_file_is_refused_naming_it(tmp_path):
    path = _write(tmp_path)
    path.chmod(0o755)
    (path / "res.partner.parquet").unlink()
    with pytest.raises(SnapshotIntegrityError, match=r"res\.partner\.parquet .*missing"):
        Snapshot.open(path)


def test_an_exception_inside_the_writer_leaves_no_folder_behind(tmp_path):
    table = records_to_table(PARTNERS, PARTNER_TYPES)
    with (
        pytest.raises(RuntimeError, match="connection lost"),
        SnapshotWriter(tmp_path, "broken") as writer,
    ):
        writer.write_model("res.partner", table, PARTNER_TYPES)
        assert (tmp_path / ".tmp-broken" / "res.partner.parquet").is_file()
        raise RuntimeError("connection lost")
    assert list(tmp_path.iterdir()) == []


def test_a_writer_left_without_finish_leaves_no_folder_behind(tmp_path):
    with SnapshotWriter(tmp_path, "unfinished") as writer:
        writer.write_model("res.partner", records_to_table(PARTNERS, PARTNER_TYPES), PARTNER_TYPES)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SnapshotError, match="not a snapshot folder"):
        Snapshot.open(tmp_path / "unfinished")


def test_a_snapshot_id_is_never_overwritten(tmp_path):
    _write(tmp_path, "same-id")
    with pytest.raises(SnapshotError, match="already exists"):
        _write(tmp_path, "same-id")


def test_a_model_cannot_be_written_twice(tmp_path):
    table = records_to_table(PARTNERS, PARTNER_TYPES)
    with SnapshotWriter(tmp_path, "twice") as writer:
        writer.write_model("res.partner", table, PARTNER_TYPES)
        with pytest.raises(SnapshotError, match="written twice"):
            writer.write_model("res.partner", table, PARTNER_TYPES)


def test_a_folder_without_or_with_a_foreign_manifest_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SnapshotError, match=MANIFEST_NAME):
        Snapshot.open(tmp_path / "empty")
    (tmp_path / "future").mkdir()
    (tmp_path / "future" / MANIFEST_NAME).write_text(json.dumps({"format_version": 99}))
    with pytest.raises(SnapshotError, match="format_version 99"):
        Snapshot.open(tmp_path / "future")


def test_records_to_table_converts_odoo_values():
    types = {
        "name": "char",
        "active": "boolean",
        "partner_id": "many2one",
        "groups_id": "many2many",
        "date_approve": "datetime",
        "invoice_date": "date",
        "amount_total": "monetary",
        "priority": "selection",
    }
    records = [
        {
            "id": 7,
            "name": "PO0007",
            "active": True,
            "partner_id": [12, "Medi Supply"],
            "groups_id": [1, 10],
            "date_approve": "2026-05-01 08:30:00",
            "invoice_date": "2026-05-02",
            "amount_total": 10,
            "priority": 1,
        },
        {
            "id": 8,
            "name": False,
            "active": False,
            "partner_id": False,
            "groups_id": False,
            "date_approve": False,
            "invoice_date": False,
            "amount_total": False,
            "priority": False,
        },
        {"id": 9},  # fields the server left out read as Odoo's False
    ]
    table = records_to_table(records, types)
    assert table.schema.field("date_approve").type == pa.timestamp("s", tz="UTC")
    assert table.to_pylist() == [
        {
            "id": 7,
            "name": "PO0007",
            "active": True,
            "partner_id": 12,
            "groups_id": [1, 10],
            "date_approve": dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC),
            "invoice_date": dt.date(2026, 5, 2),
            "amount_total": 10.0,
            "priority": "1",
        },
        {
            "id": 8,
            "name": None,
            "active": False,
            "partner_id": None,
            "groups_id": [],
            "date_approve": None,
            "invoice_date": None,
            "amount_total": None,
            "priority": None,
        },
        {
            "id": 9,
            "name": None,
            "active": False,
            "partner_id": None,
            "groups_id": [],
            "date_approve": None,
            "invoice_date": None,
            "amount_total": None,
            "priority": None,
        },
    ]


@pytest.mark.parametrize(
    ("field_name", "kind", "value"),
    [
        ("date_approve", "datetime", "yesterday"),
        ("partner_id", "many2one", "Medi Supply"),
        ("partner_id", "many2one", []),
        ("invoice_date", "date", "2026-13-40"),
        ("amount_total", "float", "ten"),
    ],
)
def test_records_to_table_names_the_record_and_field_of_a_malformed_value(field_name, kind, value):
    records = [{"id": 1, field_name: False}, {"id": 42, field_name: value}]
    with pytest.raises(SnapshotError, match=rf"id=42 field '{field_name}'.*not a valid {kind}"):
        records_to_table(records, {field_name: kind})
