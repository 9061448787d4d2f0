"""Benchmark every evidence check and KPI on a large synthetic snapshot.

Goal: each metric stays fast on a large hospital database: 1,000,000 stock
moves, 20,000 products, 50,000 purchase orders, 20,000 partners. The snapshot
is built with NumPy straight into Arrow (random but plausible values, with a
few per cent of defects), written with SnapshotWriter, then every registered
metric is computed on a fresh DuckDB connection; the best of ``--repeats``
runs is printed.

    .venv/bin/python benchmarks/bench_evidence_metrics.py [--scale 1] [--repeats 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

COLLECTED_AT = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
NOW = int(COLLECTED_AT.timestamp())
DAY = 86400


def _timestamps(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    array = pa.array(seconds.astype("int64"), mask=missing).cast(pa.timestamp("s", tz="UTC"))
    return array


def _table(model: str, rows: int, /, **columns) -> pa.Table:
    """A table of ``model`` with ids 1..rows, the given columns, nulls elsewhere."""
    from caregate.evidence.snapshot import arrow_schema
    from caregate.evidence.spec import ODOO17_FIELD_TYPES

    schema = arrow_schema(ODOO17_FIELD_TYPES[model])
    arrays = []
    for field in schema:
        if field.name == "id":
            arrays.append(pa.array(np.arange(1, rows + 1, dtype="int64")))
        elif field.name in columns:
            value = columns[field.name]
            arrays.append(value if isinstance(value, pa.Array) else pa.array(value, field.type))
        else:
            arrays.append(pa.nulls(rows, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def build_tables(scale: float, rng: np.random.Generator) -> dict[str, pa.Table]:
    def n(count: int) -> int:
        return max(1, int(count * scale))

    products, partners, orders, moves = n(20_000), n(20_000), n(50_000), n(1_000_000)
    quants, lots, users = n(200_000), n(100_000), n(2_000)
    tables: dict[str, pa.Table] = {}

    group_xml_ids = [("group_user", 1), ("group_portal", 10), ("group_erp_manager", 2)]
    tables["ir.model.data"] = _table(
        "ir.model.data",
        len(group_xml_ids),
        module=["base"] * len(group_xml_ids),
        name=[name for name, _ in group_xml_ids],
        model=["res.groups"] * len(group_xml_ids),
        res_id=[res_id for _, res_id in group_xml_ids],
    )
    group_choices = [[1], [1, 2], [10], [1, 10], [1, 3, 4, 5]]
    picks = rng.choice(len(group_choices), size=users, p=[0.6, 0.02, 0.35, 0.01, 0.02])
    tables["res.users"] = _table(
        "res.users",
        users,
        active=rng.random(users) > 0.1,
        share=picks == 2,
        groups_id=pa.array([group_choices[pick] for pick in picks], pa.list_(pa.int64())),
    )
    tables["hr.employee"] = _table(
        "hr.employee",
        users,
        user_id=np.arange(1, users + 1),
        active=rng.random(users) > 0.05,
    )

    words = ["medi", "pharma", "care", "supply", "nord", "zorg", "lab", "tech", "bio", "med"]
    forms = ["", " B.V.", " Ltd", " GmbH", " N.V.", " Inc."]
    stems = rng.integers(0, len(words), size=(partners, 3))
    names = [
        f"{words[a].title()}-{words[b]} {words[c]} {i}{forms[i % len(forms)]}"
        for i, (a, b, c) in enumerate(stems)
    ]
    # About 3 % of partners repeat another one's name in other case and legal form.
    for index in np.flatnonzero(rng.random(partners) < 0.03):
        names[index] = names[rng.integers(0, partners)].upper().replace(".", "") + " Co."
    vats = [f"NL{i:09d}B01" if i % 3 else None for i in rng.integers(0, partners, partners)]
    tables["res.partner"] = _table(
        "res.partner",
        partners,
        name=names,
        vat=vats,
        # 30 % are contacts under a company (not compared).
        parent_id=pa.array(np.ones(partners, "int64"), mask=rng.random(partners) >= 0.3),
        active=rng.random(partners) > 0.1,
    )

    tables["product.category"] = _table(
        "product.category",
        50,
        complete_name=[
            f"All / {'Critical' if i % 5 == 0 else 'General'} / C{i}" for i in range(50)
        ],
    )
    tables["uom.uom"] = _table(
        "uom.uom", 30, category_id=np.arange(30) // 5 + 1, active=np.ones(30, bool)
    )
    uom = rng.integers(1, 31, products)
    tables["product.template"] = _table(
        "product.template",
        products,
        categ_id=rng.integers(1, 51, products),
        priority=np.where(rng.random(products) < 0.1, "1", "0").tolist(),
        active=rng.random(products) > 0.05,
        purchase_ok=rng.random(products) > 0.1,
        uom_id=uom,
        uom_po_id=np.where(rng.random(products) < 0.02, rng.integers(1, 31, products), uom),
    )
    tables["product.product"] = _table(
        "product.product", products, product_tmpl_id=np.arange(1, products + 1)
    )
    supplied = rng.integers(1, products + 1, int(products * 1.5))
    tables["product.supplierinfo"] = _table(
        "product.supplierinfo",
        len(supplied),
        product_tmpl_id=pa.array(supplied, mask=rng.random(len(supplied)) < 0.2),
        product_id=supplied,
    )

    tables["stock.location"] = _table(
        "stock.location",
        500,
        usage=np.where(np.arange(500) % 4 == 0, "supplier", "internal").tolist(),
    )
    lot_products = rng.integers(1, products + 1, lots)
    tables["stock.lot"] = _table("stock.lot", lots, product_id=lot_products)
    lot_of_quant = rng.integers(1, lots + 1, quants)
    quant_products = np.where(
        rng.random(quants) < 0.01,
        rng.integers(1, products + 1, quants),
        lot_products[lot_of_quant - 1],
    )
    quantity = rng.normal(50, 30, quants).round()
    counted = rng.random(quants) < 0.3
    tables["stock.quant"] = _table(
        "stock.quant",
        quants,
        product_id=quant_products,
        location_id=rng.integers(1, 501, quants),
        lot_id=pa.array(lot_of_quant, mask=rng.random(quants) < 0.5),
        quantity=quantity,
        inventory_quantity=quantity + rng.integers(-2, 3, quants) * (rng.random(quants) < 0.2),
        inventory_quantity_set=counted,
    )
    tables["stock.warehouse.orderpoint"] = _table(
        "stock.warehouse.orderpoint",
        products,
        product_min_qty=rng.integers(0, 100, products).astype(float),
        product_max_qty=rng.integers(0, 100, products).astype(float) + 50,
        active=rng.random(products) > 0.05,
    )

    approve = NOW - rng.integers(0, 400 * DAY, orders)
    tables["purchase.order"] = _table(
        "purchase.order",
        orders,
        state=rng.choice(["draft", "purchase", "done", "cancel"], orders).tolist(),
        date_approve=_timestamps(approve, rng.random(orders) < 0.05),
        effective_date=_timestamps(
            approve + rng.integers(DAY, 20 * DAY, orders), rng.random(orders) < 0.2
        ),
    )
    pickings = n(100_000)
    tables["stock.picking"] = _table(
        "stock.picking",
        pickings,
        picking_type_code=rng.choice(["incoming", "outgoing", "internal"], pickings).tolist(),
        state=rng.choice(["draft", "assigned", "done", "cancel"], pickings).tolist(),
        scheduled_date=_timestamps(NOW - rng.integers(-10 * DAY, 200 * DAY, pickings)),
    )
    tables["stock.move"] = _table(
        "stock.move",
        moves,
        product_id=rng.integers(1, products + 1, moves),
        product_uom_qty=rng.random(moves) * 10,
        state=rng.choice(["draft", "assigned", "done", "cancel"], moves).tolist(),
        date=_timestamps(NOW - rng.integers(0, 400 * DAY, moves)),
        picking_id=rng.integers(1, pickings + 1, moves),
    )
    bills = n(100_000)
    tables["account.move"] = _table(
        "account.move",
        bills,
        move_type=rng.choice(["in_invoice", "in_refund", "out_invoice", "entry"], bills).tolist(),
        state=rng.choice(["draft", "posted", "cancel"], bills).tolist(),
        to_check=rng.random(bills) < 0.02,
        invoice_date=pa.array(
            (NOW // DAY - rng.integers(0, 400, bills)).astype("int32"), pa.int32()
        ).cast(pa.date32()),
    )
    requests = n(20_000)
    tables["maintenance.stage"] = _table("maintenance.stage", 4, done=[False, False, True, False])
    tables["maintenance.request"] = _table(
        "maintenance.request",
        requests,
        stage_id=rng.integers(1, 5, requests),
        schedule_date=_timestamps(
            NOW - rng.integers(0, 200 * DAY, requests), rng.random(requests) < 0.3
        ),
        request_date=pa.array(
            (NOW // DAY - rng.integers(0, 200, requests)).astype("int32"), pa.int32()
        ).cast(pa.date32()),
        archive=rng.random(requests) < 0.05,
    )
    return tables


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caregate.settings")
    import django

    django.setup()
    from caregate.evidence.metrics import CannotEvaluate, MetricContext, all_metrics
    from caregate.evidence.snapshot import Snapshot, SnapshotWriter
    from caregate.evidence.spec import ODOO17_FIELD_TYPES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="caregate-bench-") as folder:
        started = time.perf_counter()
        tables = build_tables(options.scale, np.random.default_rng(17))
        with SnapshotWriter(Path(folder), "bench") as writer:
            for model, table in tables.items():
                writer.write_model(model, table, ODOO17_FIELD_TYPES[model])
            path = writer.finish({"collected_at": COLLECTED_AT.isoformat()})
        snapshot = Snapshot.open(path)
        print(f"snapshot built in {time.perf_counter() - started:.1f} s:")
        for model in ("stock.move", "product.template", "purchase.order", "res.partner"):
            print(f"  {model:<20} {snapshot.row_count(model):>10,} rows")

        print(f"\n{'metric':<40} {'best s':>8} {'value':>12} {'population':>11}")
        total = 0.0
        for metric in all_metrics():
            best, outcome = float("inf"), ""
            for _ in range(options.repeats):
                connection = snapshot.duckdb()
                context = MetricContext(snapshot, connection)
                began = time.perf_counter()
                try:
                    result = metric.compute(context)
                    outcome = f"{result.value:>12.2f} {result.population:>11,}"
                except CannotEvaluate:
                    outcome = f"{'n/a':>12} {'':>11}"
                best = min(best, time.perf_counter() - began)
                connection.close()
            total += best
            print(f"{metric.key:<40} {best:>8.3f} {outcome}")
        print(f"{'all metrics':<40} {total:>8.3f}")


if __name__ == "__main__":
    main()
