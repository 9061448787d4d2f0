"""The planted defects and KPI figures, recomputed here from the written data.

Each definition is written again in this file (not imported from the evidence
checks) so the generator's bookkeeping is tested against the data it wrote.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

import pytest

from tests.demo.conftest import AS_OF

CHECK_SQL = {
    "critical_products_without_supplier": """
        SELECT t.id FROM product_template t
        LEFT JOIN product_category c ON c.id = t.categ_id
        WHERE t.active AND t.purchase_ok
          AND (t.priority = '1' OR lower(coalesce(c.complete_name, '')) LIKE '%critical%')
          AND t.id NOT IN (SELECT product_tmpl_id FROM product_supplierinfo
                           WHERE product_tmpl_id IS NOT NULL)
          AND t.id NOT IN (SELECT v.product_tmpl_id FROM product_supplierinfo s
                           JOIN product_product v ON v.id = s.product_id)
    """,
    "orderpoint_min_above_max": """
        SELECT id FROM stock_warehouse_orderpoint
        WHERE active AND product_min_qty > product_max_qty
    """,
    "purchase_uom_category_mismatch": """
        SELECT t.id FROM product_template t
        JOIN uom_uom stock_unit ON stock_unit.id = t.uom_id
        JOIN uom_uom purchase_unit ON purchase_unit.id = t.uom_po_id
        WHERE t.active AND stock_unit.category_id <> purchase_unit.category_id
    """,
    "users_internal_and_portal": """
        SELECT id FROM res_users
        WHERE active
          AND list_contains(groups_id, (SELECT res_id FROM ir_model_data
                                        WHERE module = 'base' AND name = 'group_user'))
          AND list_contains(groups_id, (SELECT res_id FROM ir_model_data
                                        WHERE module = 'base' AND name = 'group_portal'))
    """,
    "access_rights_admins": """
        SELECT id FROM res_users
        WHERE active AND NOT share AND id <> 1
          AND list_contains(groups_id, (SELECT res_id FROM ir_model_data
                                        WHERE module = 'base' AND name = 'group_erp_manager'))
    """,
    "negative_quants": """
        SELECT q.id FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
        WHERE l.usage = 'internal' AND q.quantity < 0
    """,
    "quant_lot_of_other_product": """
        SELECT q.id FROM stock_quant q JOIN stock_lot lot ON lot.id = q.lot_id
        WHERE lot.product_id <> q.product_id
    """,
    "confirmed_po_without_confirmation_date": """
        SELECT id FROM purchase_order
        WHERE state IN ('purchase', 'done') AND date_approve IS NULL
    """,
}

FILLER = set(
    [
        "b",
        "v",
        "bv",
        "nv",
        "ltd",
        "limited",
        "inc",
        "llc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "plc",
        "co",
        "company",
        "corp",
        "corporation",
        "the",
    ]
)


def plain_name(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(w for w in re.sub(r"[^0-9a-z]+", " ", text).split() if w not in FILLER)


def plain_vat(vat: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (vat or "").upper())


def duplicate_partner_ids(connection) -> list[int]:
    """Members of clusters of commercial partners linked by equal name or VAT."""
    rows = connection.execute(
        "SELECT id, name, vat FROM res_partner WHERE parent_id IS NULL"
    ).fetchall()
    parent = {row[0]: row[0] for row in rows}

    def root(node):
        while parent[node] != node:
            node = parent[node]
        return node

    first_seen: dict[tuple[str, str], int] = {}
    for partner_id, name, vat in rows:
        for key in (("name", plain_name(name)), ("vat", plain_vat(vat))):
            if key[1]:
                other = first_seen.setdefault(key, partner_id)
                parent[root(partner_id)] = root(other)
    sizes: dict[int, int] = {}
    for partner_id in parent:
        sizes[root(partner_id)] = sizes.get(root(partner_id), 0) + 1
    return sorted(p for p in parent if sizes[root(p)] > 1)


def ids(connection, sql: str) -> list[int]:
    return sorted(row[0] for row in connection.execute(sql).fetchall())


def planted(snapshot) -> dict[str, list[int]]:
    return snapshot.manifest["demo"]["planted"]


@pytest.mark.parametrize("key", sorted(CHECK_SQL))
def test_small_scale_planted_ids_are_exactly_what_the_definition_selects(
    small_snapshot, small_db, key
):
    # Given the ids the generator says it planted for one check
    recorded = planted(small_snapshot)[key]

    # When the check's definition runs over the whole snapshot
    found = ids(small_db, CHECK_SQL[key])

    # Then it finds exactly those records, and at least one even at a small scale
    assert found == recorded
    assert len(found) >= 1


def test_small_scale_duplicate_partners_are_exactly_the_planted_clusters(small_snapshot, small_db):
    found = duplicate_partner_ids(small_db)
    assert found == planted(small_snapshot)["duplicate_partners"]
    assert len(found) >= 2


def test_every_check_has_a_planted_list(small_snapshot):
    assert set(planted(small_snapshot)) == {*CHECK_SQL, "duplicate_partners"}


def test_exactly_three_both_type_users_and_five_access_admins_at_full_scale(full_snapshot, full_db):
    assert len(ids(full_db, CHECK_SQL["users_internal_and_portal"])) == 3
    admins = ids(full_db, CHECK_SQL["access_rights_admins"])
    assert admins == planted(full_snapshot)["access_rights_admins"]
    assert len(admins) == 5
    assert 2 in admins  # the administrator


@pytest.mark.parametrize(
    ("key", "population_sql", "low", "high"),
    [
        (
            "critical_products_without_supplier",
            """SELECT count(*) FROM product_template t
               JOIN product_category c ON c.id = t.categ_id
               WHERE t.active AND t.purchase_ok
                 AND (t.priority = '1' OR lower(c.complete_name) LIKE '%critical%')""",
            0.06,
            0.10,
        ),
        (
            "orderpoint_min_above_max",
            "SELECT count(*) FROM stock_warehouse_orderpoint WHERE active",
            0.01,
            0.02,
        ),
        (
            "purchase_uom_category_mismatch",
            "SELECT count(*) FROM product_template WHERE active",
            0.007,
            0.013,
        ),
        (
            "negative_quants",
            """SELECT count(*) FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
               WHERE l.usage = 'internal'""",
            0.004,
            0.006,
        ),
        ("quant_lot_of_other_product", "SELECT count(*) FROM stock_quant", 0.002, 0.004),
        (
            "confirmed_po_without_confirmation_date",
            "SELECT count(*) FROM purchase_order WHERE state IN ('purchase', 'done')",
            0.008,
            0.012,
        ),
    ],
)
def test_full_scale_defect_rates_are_as_specified(
    full_snapshot, full_db, key, population_sql, low, high
):
    found = ids(full_db, CHECK_SQL[key])
    population = full_db.execute(population_sql).fetchone()[0]
    assert found == planted(full_snapshot)[key]
    assert low <= len(found) / population <= high


def test_full_scale_duplicates_are_about_two_percent_of_commercial_partners(full_snapshot, full_db):
    found = duplicate_partner_ids(full_db)
    population = full_db.execute(
        "SELECT count(*) FROM res_partner WHERE parent_id IS NULL"
    ).fetchone()[0]
    assert found == planted(full_snapshot)["duplicate_partners"]
    assert 0.015 <= len(found) / population <= 0.025
    archived_twins = full_db.execute(
        f"SELECT count(*) FROM res_partner WHERE NOT active AND id IN ({','.join(map(str, found))})"
    ).fetchone()[0]
    assert archived_twins >= 1


def test_full_scale_kpis_match_their_planted_figures(full_snapshot, full_db):
    kpis = full_snapshot.manifest["demo"]["planted_kpis"]
    as_of = AS_OF.strftime("%Y-%m-%d %H:%M:%S+00")

    cycle_days = [
        row[0]
        for row in full_db.execute(
            f"""SELECT (epoch(effective_date) - epoch(date_approve)) / 86400.0
                FROM purchase_order
                WHERE date_approve IS NOT NULL AND effective_date IS NOT NULL
                  AND date_approve >= TIMESTAMPTZ '{as_of}' - INTERVAL 90 DAY
                  AND date_approve <= TIMESTAMPTZ '{as_of}'"""
        ).fetchall()
    ]
    median = statistics.median(cycle_days)
    assert median == pytest.approx(kpis["po_cycle_time_days"], abs=1e-3)
    assert 4.0 <= median <= 5.0

    backlog, receipts = full_db.execute(
        f"""SELECT count(*) FILTER (WHERE state NOT IN ('done', 'cancel')
                                    AND scheduled_date < TIMESTAMPTZ '{as_of}' - INTERVAL 24 HOUR),
                   count(*)
            FROM stock_picking WHERE picking_type_code = 'incoming'"""
    ).fetchone()
    assert backlog == kpis["receiving_backlog"]
    assert 0.02 <= backlog / receipts <= 0.04

    accurate, counted = full_db.execute(
        """SELECT count(*) FILTER (WHERE q.inventory_quantity = q.quantity), count(*)
           FROM stock_quant q JOIN stock_location l ON l.id = q.location_id
           WHERE l.usage = 'internal' AND q.inventory_quantity_set"""
    ).fetchone()
    assert 100.0 * accurate / counted == pytest.approx(kpis["stock_accuracy_pct"], abs=1e-3)
    assert 95.0 <= 100.0 * accurate / counted <= 97.0

    exceptions, bills = full_db.execute(
        f"""SELECT count(*) FILTER (WHERE (state = 'posted' AND to_check)
                   OR (state = 'draft'
                       AND invoice_date < DATE '{AS_OF.date()}' - INTERVAL 7 DAY)),
                   count(*)
            FROM account_move WHERE move_type IN ('in_invoice', 'in_refund')
              AND state IN ('draft', 'posted')"""
    ).fetchone()
    assert exceptions == kpis["invoice_exception_count"]
    assert 0.015 <= exceptions / bills <= 0.025

    done, considered = full_db.execute(
        f"""SELECT count(*) FILTER (WHERE s.done), count(*)
            FROM maintenance_request r JOIN maintenance_stage s ON s.id = r.stage_id
            WHERE NOT r.archive AND CASE
              WHEN r.schedule_date IS NOT NULL THEN
                r.schedule_date >= TIMESTAMPTZ '{as_of}' - INTERVAL 90 DAY
                AND r.schedule_date <= TIMESTAMPTZ '{as_of}'
              ELSE r.request_date >= DATE '{AS_OF.date()}' - INTERVAL 90 DAY
                AND r.request_date <= DATE '{AS_OF.date()}' END"""
    ).fetchone()
    assert 100.0 * done / considered == pytest.approx(kpis["maintenance_completion_pct"], abs=1e-3)
    assert 82.0 <= 100.0 * done / considered <= 88.0

    leavers = ids(
        full_db,
        """SELECT u.id FROM res_users u
           WHERE u.active AND NOT u.share
             AND EXISTS (SELECT 1 FROM hr_employee e WHERE e.user_id = u.id AND NOT e.active)
             AND NOT EXISTS (SELECT 1 FROM hr_employee e WHERE e.user_id = u.id AND e.active)""",
    )
    assert len(leavers) == kpis["access_incident_count"] == 4
