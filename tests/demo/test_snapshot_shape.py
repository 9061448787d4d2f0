"""The demo snapshot has the shape of a collected Odoo 17 snapshot, and is reproducible."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from caregate.demo.generator import generate_snapshot
from caregate.evidence.snapshot import Snapshot, arrow_schema
from caregate.evidence.spec import MODEL_SPECS, ODOO17_FIELD_TYPES
from tests.demo.conftest import AS_OF, SMALL_SCALE

REQUIRED_MODULES = {
    "base", "product", "uom", "stock", "purchase", "purchase_stock", "account", "maintenance",
    "hr", "product_expiry", "stock_account", "sale_management", "crm", "project", "contacts",
}  # fmt: skip

#: (model, many2one field, model it points at), every relation held in a snapshot.
MANY2ONE = [
    ("res.company", "parent_id", "res.company"),
    ("res.users", "company_id", "res.company"),
    ("res.users", "partner_id", "res.partner"),
    ("res.partner", "parent_id", "res.partner"),
    ("res.partner", "commercial_partner_id", "res.partner"),
    ("res.partner", "company_id", "res.company"),
    ("ir.model.data", "res_id", "res.groups"),
    ("product.category", "parent_id", "product.category"),
    ("uom.uom", "category_id", "uom.category"),
    ("product.template", "categ_id", "product.category"),
    ("product.template", "uom_id", "uom.uom"),
    ("product.template", "uom_po_id", "uom.uom"),
    ("product.template", "company_id", "res.company"),
    ("product.product", "product_tmpl_id", "product.template"),
    ("product.supplierinfo", "partner_id", "res.partner"),
    ("product.supplierinfo", "product_tmpl_id", "product.template"),
    ("product.supplierinfo", "product_id", "product.product"),
    ("stock.warehouse", "company_id", "res.company"),
    ("stock.warehouse", "lot_stock_id", "stock.location"),
    ("stock.warehouse", "view_location_id", "stock.location"),
    ("stock.location", "location_id", "stock.location"),
    ("stock.location", "warehouse_id", "stock.warehouse"),
    ("stock.lot", "product_id", "product.product"),
    ("stock.quant", "product_id", "product.product"),
    ("stock.quant", "location_id", "stock.location"),
    ("stock.quant", "lot_id", "stock.lot"),
    ("stock.warehouse.orderpoint", "product_id", "product.product"),
    ("stock.warehouse.orderpoint", "warehouse_id", "stock.warehouse"),
    ("stock.warehouse.orderpoint", "location_id", "stock.location"),
    ("stock.picking", "partner_id", "res.partner"),
    ("stock.picking", "location_id", "stock.location"),
    ("stock.picking", "location_dest_id", "stock.location"),
    ("stock.picking", "company_id", "res.company"),
    ("stock.move", "product_id", "product.product"),
    ("stock.move", "product_uom", "uom.uom"),
    ("stock.move", "location_id", "stock.location"),
    ("stock.move", "location_dest_id", "stock.location"),
    ("stock.move", "picking_id", "stock.picking"),
    ("stock.move", "purchase_line_id", "purchase.order.line"),
    ("stock.move", "company_id", "res.company"),
    ("purchase.order", "partner_id", "res.partner"),
    ("purchase.order", "user_id", "res.users"),
    ("purchase.order", "company_id", "res.company"),
    ("purchase.order.line", "order_id", "purchase.order"),
    ("purchase.order.line", "product_id", "product.product"),
    ("purchase.order.line", "product_uom", "uom.uom"),
    ("account.account", "company_id", "res.company"),
    ("account.move", "partner_id", "res.partner"),
    ("account.move", "company_id", "res.company"),
    ("account.move.line", "move_id", "account.move"),
    ("account.move.line", "account_id", "account.account"),
    ("account.move.line", "partner_id", "res.partner"),
    ("account.move.line", "purchase_line_id", "purchase.order.line"),
    ("maintenance.equipment", "company_id", "res.company"),
    ("maintenance.request", "equipment_id", "maintenance.equipment"),
    ("maintenance.request", "stage_id", "maintenance.stage"),
    ("maintenance.request", "user_id", "res.users"),
    ("hr.employee", "user_id", "res.users"),
    ("hr.employee", "parent_id", "hr.employee"),
    ("hr.employee", "company_id", "res.company"),
]
MANY2MANY = [
    ("res.users", "groups_id", "res.groups"),
    ("res.users", "company_ids", "res.company"),
    ("res.groups", "implied_ids", "res.groups"),
]


def view(model: str) -> str:
    return model.replace(".", "_")


def test_small_snapshot_opens_with_verified_hashes_and_demo_metadata(small_snapshot):
    # Given a small demo snapshot (opened with hash verification by the fixture)
    manifest = small_snapshot.manifest

    # Then its metadata describes a demo Odoo 17 database as of the requested moment
    assert manifest["source"] == {
        "kind": "demo",
        "url": "",
        "database": "demo",
        "server_version": "17.0",
        "server_version_info": [17, 0, 0, "final", 0, ""],
    }
    assert small_snapshot.collected_at == AS_OF
    assert set(manifest["installed_modules"]) >= REQUIRED_MODULES
    assert manifest["companies"] == [
        {"id": 1, "name": "Northbridge Health Group", "currency": "EUR"},
        {"id": 2, "name": "Northbridge General Hospital", "currency": "EUR"},
        {"id": 3, "name": "Northbridge Diagnostics Laboratory", "currency": "EUR"},
        {"id": 4, "name": "Elmwood Long-Term Care", "currency": "EUR"},
    ]
    assert manifest["demo"]["seed"] == 20261203
    assert manifest["demo"]["scale"] == SMALL_SCALE


@pytest.mark.parametrize("spec", MODEL_SPECS, ids=lambda spec: spec.model)
def test_every_spec_model_is_written_with_exactly_the_odoo17_columns(small_snapshot, spec):
    # Given the manifest entry and Parquet file of one model
    entry = small_snapshot.manifest["models"][spec.model]
    schema = pq.read_schema(small_snapshot.file(spec.model))

    # Then fields, types, domain and archived flag match the spec, and there are rows
    assert entry["fields"] == ODOO17_FIELD_TYPES[spec.model]
    expected = arrow_schema(ODOO17_FIELD_TYPES[spec.model])
    assert schema.names == expected.names
    for written, wanted in zip(schema, expected, strict=True):
        if pa.types.is_timestamp(wanted.type):
            # Parquet has no seconds unit: timestamps come back in milliseconds, still UTC.
            assert pa.types.is_timestamp(written.type) and written.type.tz == "UTC"
        else:
            assert written.type == wanted.type, written.name
    assert entry["domain"] == [list(term) for term in spec.domain]
    assert entry["archived_included"] == spec.include_archived
    assert entry["rows"] > 0


def test_ids_are_unique_and_positive_in_every_model(small_db):
    connection = small_db
    for spec in MODEL_SPECS:
        rows, distinct, smallest = connection.execute(
            f"SELECT count(*), count(DISTINCT id), min(id) FROM {view(spec.model)}"
        ).fetchone()
        assert (rows, smallest) == (distinct, 1 if spec.model != "ir.model.data" else 1000)


@pytest.mark.parametrize(("model", "column", "target"), MANY2ONE, ids=lambda v: str(v))
def test_every_many2one_points_at_an_existing_record(small_db, model, column, target):
    # When looking for values of the field that are not ids of the related model
    dangling = small_db.execute(
        f"SELECT count(*) FROM {view(model)} x WHERE x.{column} IS NOT NULL "
        f"AND x.{column} NOT IN (SELECT id FROM {view(target)})"
    ).fetchone()[0]

    # Then there are none
    assert dangling == 0


@pytest.mark.parametrize(("model", "column", "target"), MANY2MANY, ids=lambda v: str(v))
def test_every_many2many_points_at_existing_records(small_db, model, column, target):
    dangling = small_db.execute(
        f"SELECT count(*) FROM (SELECT unnest({column}) AS ref FROM {view(model)}) "
        f"WHERE ref NOT IN (SELECT id FROM {view(target)})"
    ).fetchone()[0]
    assert dangling == 0


def test_key_relations_are_filled_where_odoo_requires_them(small_db):
    connection = small_db
    empty = connection.execute(
        """
        SELECT
          (SELECT count(*) FROM stock_move WHERE product_id IS NULL OR location_id IS NULL),
          (SELECT count(*) FROM stock_move WHERE purchase_line_id IS NOT NULL),
          (SELECT count(*) FROM stock_move WHERE picking_id IS NULL),
          (SELECT count(*) FROM purchase_order_line WHERE display_type IS NULL
             AND product_id IS NULL),
          (SELECT count(*) FROM product_product)
            - (SELECT count(*) FROM product_template)
        """
    ).fetchone()
    # no move without product or place; receipts link their order line; inventory
    # adjustments have no picking; product lines have a product; some templates have
    # two variants
    assert empty[0] == 0
    assert empty[1] > 0
    assert empty[2] > 0
    assert empty[3] == 0
    assert empty[4] > 0


def test_network_structure_is_the_northbridge_group(small_db):
    connection = small_db
    companies = connection.execute(
        "SELECT id, parent_id, currency_id FROM res_company ORDER BY id"
    ).fetchall()
    assert companies == [(1, None, 1), (2, 1, 1), (3, 1, 1), (4, 1, 1)]
    warehouses = connection.execute(
        """
        SELECT w.code, w.company_id, s.usage, s.complete_name
        FROM stock_warehouse w JOIN stock_location s ON s.id = w.lot_stock_id ORDER BY w.id
        """
    ).fetchall()
    assert warehouses == [
        ("CWH", 1, "internal", "CWH/Stock"),
        ("NGH", 2, "internal", "NGH/Stock"),
        ("NDL", 3, "internal", "NDL/Stock"),
        ("ELC", 4, "internal", "ELC/Stock"),
    ]
    assert connection.execute(
        "SELECT name, done FROM maintenance_stage ORDER BY id"
    ).fetchall() == [
        ("New Request", False),
        ("In Progress", False),
        ("Repaired", True),
        ("Scrap", True),
    ]
    wanted = dict(
        connection.execute(
            "SELECT name, res_id FROM ir_model_data WHERE module = 'base' "
            "AND name IN ('group_system', 'group_erp_manager', 'group_user')"
        ).fetchall()
    )
    login, active, groups = connection.execute(
        "SELECT login, active, groups_id FROM res_users WHERE id = 1"
    ).fetchone()
    system = (login, active, sorted(set(groups) & set(wanted.values())))
    assert system == ("__system__", False, [1, 2, 4])


def test_same_seed_and_as_of_give_identical_files_and_another_seed_does_not(
    small_snapshot, tmp_path
):
    # Given a second snapshot with the same seed and as-of, and one with another seed
    again = Snapshot.open(generate_snapshot(tmp_path / "a", scale=SMALL_SCALE, as_of=AS_OF))
    other = Snapshot.open(generate_snapshot(tmp_path / "b", scale=SMALL_SCALE, as_of=AS_OF, seed=7))

    def hashes(snapshot):
        return {model: entry["sha256"] for model, entry in snapshot.iter_models()}

    # Then the same inputs give byte-identical Parquet files
    assert hashes(again) == hashes(small_snapshot)
    assert again.manifest["demo"] == small_snapshot.manifest["demo"]
    # And another seed changes the generated data (fixed reference data stays the same)
    changed = {m for m in hashes(other) if hashes(other)[m] != hashes(small_snapshot)[m]}
    assert {"res.partner", "product.template", "purchase.order", "stock.move"} <= changed
    assert "uom.uom" not in changed


def test_progress_reports_every_step_up_to_the_total(tmp_path):
    calls = []
    generate_snapshot(tmp_path, scale=0.01, as_of=AS_OF, progress=lambda *a: calls.append(a))
    assert [done for _label, done, _total in calls] == list(range(len(calls)))
    assert calls[-1] == ("Done", len(calls) - 1, len(calls) - 1)


def test_default_as_of_is_now_to_the_second(tmp_path):
    snapshot = Snapshot.open(generate_snapshot(tmp_path, scale=0.01))
    assert snapshot.collected_at.microsecond == 0
    assert snapshot.collected_at.tzinfo is not None


def test_scale_must_be_positive(tmp_path):
    with pytest.raises(ValueError, match="scale must be positive"):
        generate_snapshot(tmp_path, scale=0)
