"""How fast Caregate reads stock.move from Odoo, against a naive client.

Needs a live Odoo with many stock moves (the bench17 database: ~500,000)::

    ODOO_URL=http://127.0.0.1:8069 ODOO_USER=admin ODOO_PASSWORD=admin \\
        .venv/bin/python benchmarks/bench_collect.py [--limit N] [--only NAME ...]

ODOO_DB defaults to bench17. Every strategy reads the same 12 stock.move fields
in id order; ``--limit`` stops each after N records (default: all of them).
The "collector" rows run the code ``caregate collect`` runs (read_pages plus
Arrow conversion and a Parquet write); the others only fetch records.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.table import Table

from caregate.evidence.collection import CONCURRENT_READS as CONCURRENT
from caregate.evidence.collection import PAGE_SIZE, read_pages
from caregate.evidence.snapshot import SnapshotWriter, records_to_table
from caregate.odoo.client import OdooClient, Secret

MODEL = "stock.move"
FIELDS = [
    "product_id",
    "product_uom_qty",
    "quantity",
    "product_uom",
    "state",
    "date",
    "location_id",
    "location_dest_id",
    "picking_id",
    "purchase_line_id",
    "company_id",
    "origin",
]


def naive_offset(client: OdooClient, limit: int, page: int) -> int:
    """What most integration scripts do: offset paging, many2one as [id, name]."""
    done = 0
    offset = 0
    while done < limit:
        records = client.search_read(
            MODEL, [], FIELDS, order="id", limit=min(page, limit - done), offset=offset
        )
        if not records:
            break
        done += len(records)
        offset += len(records)
    return done


def keyset(client: OdooClient, limit: int, page: int, load: str | None) -> int:
    done = 0
    last_id = 0
    while done < limit:
        records = client.search_read(
            MODEL,
            [["id", ">", last_id]],
            FIELDS,
            order="id",
            limit=min(page, limit - done),
            load=load,
            context={"prefetch_fields": False},
        )
        if not records:
            break
        done += len(records)
        last_id = records[-1]["id"]
    return done


def collector(client: OdooClient, limit: int, page: int, concurrent_reads: int) -> int:
    """Caregate's collector: read ahead, convert to Arrow, write Parquet."""
    field_types = {
        name: str(spec["type"]) for name, spec in client.fields_get(MODEL, ("type",)).items()
    }
    field_types = {name: field_types[name] for name in FIELDS}
    domain = [["id", "<=", _nth_id(client, limit)]] if limit else []
    pages = read_pages(
        client,
        MODEL,
        domain,
        FIELDS,
        context={"prefetch_fields": False},
        page_size=page,
        concurrent_reads=concurrent_reads,
    )
    with tempfile.TemporaryDirectory() as folder, SnapshotWriter(Path(folder), "bench") as writer:
        rows = writer.write_model(
            MODEL, (records_to_table(p, field_types) for p in pages), field_types
        )
        writer.finish({"collected_at": "bench"})
    return rows


def _nth_id(client: OdooClient, limit: int) -> int:
    ids = client.search(MODEL, [], order="id", limit=limit)
    return ids[-1] if ids else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="records per strategy (0: all)")
    parser.add_argument("--only", nargs="*", default=None, help="strategy names to run")
    args = parser.parse_args()
    url = os.environ.get("ODOO_URL", "http://127.0.0.1:8069")
    database = os.environ.get("ODOO_DB", "bench17")
    login = os.environ.get("ODOO_USER", "admin")
    password = os.environ.get("ODOO_PASSWORD")
    if not password:
        print("set ODOO_PASSWORD (and ODOO_URL, ODOO_DB, ODOO_USER)", file=sys.stderr)
        return 2

    def client(protocol: str) -> OdooClient:
        return OdooClient(url, database, login, Secret(password), protocol=protocol).connect()

    with client("jsonrpc") as probe:
        total = probe.search_count(MODEL, [])
    limit = args.limit or total
    strategies: list[tuple[str, str, Callable[[OdooClient], int]]] = [
        ("naive xmlrpc offset 1000", "xmlrpc", lambda c: naive_offset(c, limit, 1000)),
        ("naive jsonrpc offset 1000", "jsonrpc", lambda c: naive_offset(c, limit, 1000)),
        ("keyset jsonrpc 5000 names", "jsonrpc", lambda c: keyset(c, limit, 5000, "_classic_read")),
        ("keyset xmlrpc 5000 ids", "xmlrpc", lambda c: keyset(c, limit, 5000, None)),
        ("keyset jsonrpc 2000 ids", "jsonrpc", lambda c: keyset(c, limit, 2000, None)),
        ("keyset jsonrpc 5000 ids", "jsonrpc", lambda c: keyset(c, limit, 5000, None)),
        ("keyset jsonrpc 20000 ids", "jsonrpc", lambda c: keyset(c, limit, 20000, None)),
        ("collector 1 stream", "jsonrpc", lambda c: collector(c, limit, PAGE_SIZE, 1)),
        ("collector (default)", "jsonrpc", lambda c: collector(c, limit, PAGE_SIZE, CONCURRENT)),
    ]
    console = Console()
    console.print(f"{MODEL}: {total} records in {database} at {url}; {len(FIELDS)} fields")
    table = Table("strategy", "records", "seconds", "records/s")
    for name, protocol, run in strategies:
        if args.only and name not in args.only:
            continue
        with client(protocol) as odoo:
            started = time.perf_counter()
            rows = run(odoo)
            seconds = time.perf_counter() - started
        table.add_row(name, f"{rows:,}", f"{seconds:.1f}", f"{rows / seconds:,.0f}")
        console.print(f"  {name}: {rows / seconds:,.0f} records/s")
    console.print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
