"""Collection into snapshots, replaying answers recorded from a live Odoo 17.

``Replay`` (tests/odoo/replay.py) is a test double at the HTTP edge standing in
for the live hc17 / hc17_inst databases recorded on 2026-12-03; the client,
the paging and the snapshot writing run for real.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import httpx
import pytest

from caregate.evidence.collection import collect_snapshot, page_to_table
from caregate.evidence.snapshot import Snapshot, records_to_table
from caregate.evidence.spec import ODOO17_FIELD_TYPES, SPEC_BY_MODEL
from caregate.odoo.errors import MalformedAnswer, MissingModel, OdooServerFault
from tests.odoo.record import COLLECTED_MODELS
from tests.odoo.replay import URL, Replay, jsonrpc_error

HC17_SPECS = [SPEC_BY_MODEL[model] for model in COLLECTED_MODELS]


def _recorded_index(name: str, model: str, method: str, nth: int) -> int:
    """Position in a recording of the nth call of model.method."""
    calls = [
        index
        for index, exchange in enumerate(Replay(name).exchanges)
        if f'"{model}", "{method}"' in exchange["request"]["body"]
    ]
    return calls[nth]


def _collect(replay: Replay, root, specs, **options):
    # These recordings were made with two concurrent reads (search, then read).
    options.setdefault("concurrent_reads", 2)
    with replay.client() as client:
        client.connect()
        return collect_snapshot(client, root, specs=specs, page_size=20, **options)


def test_collect_hc17_writes_a_verified_snapshot(tmp_path):
    # Given the recorded hc17 database, when five models are collected 20 records a page
    progress = []
    path = _collect(
        Replay("jsonrpc_collect_hc17"),
        tmp_path,
        HC17_SPECS,
        progress=lambda model, done, total: progress.append((model, done, total)),
    )
    # Then the snapshot opens, verifies and holds every record
    snapshot = Snapshot.open(path)
    assert {model: snapshot.row_count(model) for model in snapshot.model_names} == {
        "ir.module.module": 93,
        "purchase.order": 11,
        "res.company": 2,
        "stock.move": 47,
        "uom.uom": 26,
    }
    moves = snapshot.table("stock.move").to_pylist()
    assert [move["id"] for move in moves] == list(range(1, 48))
    assert moves[0]["product_id"] == 30
    assert moves[0]["state"] == "done"
    assert moves[0]["picking_id"] is None
    assert moves[0]["date"] == dt.datetime(2026, 12, 3, 17, 6, 58, tzinfo=dt.UTC)
    assert [entry for entry in progress if entry[0] == "stock.move"] == [
        ("stock.move", 0, 47),
        ("stock.move", 20, 47),
        ("stock.move", 40, 47),
        ("stock.move", 47, 47),
    ]


def test_manifest_records_the_source_and_the_server(tmp_path):
    path = _collect(Replay("jsonrpc_collect_hc17"), tmp_path, HC17_SPECS)
    manifest = Snapshot.open(path).manifest
    assert manifest["source"] == {
        "kind": "odoo",
        "url": URL,
        "database": "hc17",
        "user": "admin",
        "protocol": "jsonrpc",
        "server_version": "17.0",
        "server_version_info": [17, 0, 0, "final", 0, ""],
    }
    assert manifest["companies"] == [
        {"id": 1, "name": "My Company (San Francisco)", "currency": "USD"},
        {"id": 2, "name": "My Company (Chicago)", "currency": "USD"},
    ]
    assert manifest["installed_modules"]["stock"] == "17.0.1.1"
    assert len(manifest["installed_modules"]) == 93
    assert manifest["skipped_models"] == []
    assert set(manifest["timings"]) == set(COLLECTED_MODELS)
    assert manifest["models"]["stock.move"]["fields"]["product_id"] == "many2one"
    assert manifest["models"]["uom.uom"]["archived_included"] is True
    assert manifest["models"]["stock.move"]["missing_fields"] == []
    assert dt.datetime.fromisoformat(manifest["collected_at"]).tzinfo is not None


def test_fields_the_server_lacks_are_listed_not_requested(tmp_path):
    # Given a spec asking for a field hc17's stock.move does not have
    specs = list(HC17_SPECS)
    moves = SPEC_BY_MODEL["stock.move"]
    specs[3] = replace(moves, fields=(*moves.fields, "x_no_such_field"))
    replay = Replay("jsonrpc_collect_hc17")
    # When collected
    path = _collect(replay, tmp_path, specs)
    # Then the manifest names it, and the column is absent
    snapshot = Snapshot.open(path)
    assert snapshot.manifest["models"]["stock.move"]["missing_fields"] == ["x_no_such_field"]
    assert not snapshot.has_field("stock.move", "x_no_such_field")
    assert all(b"x_no_such_field" not in request.content for request in replay.requests)


def test_optional_models_of_apps_not_installed_are_skipped(tmp_path):
    specs = [SPEC_BY_MODEL[m] for m in ("res.company", "uom.uom", "product.category")]
    path = _collect(Replay("jsonrpc_collect_hc17_inst"), tmp_path, specs)
    snapshot = Snapshot.open(path)
    assert snapshot.model_names == ["res.company"]
    assert snapshot.manifest["skipped_models"] == [
        {"model": "uom.uom", "module": "uom", "installed": False},
        {"model": "product.category", "module": "product", "installed": False},
    ]


def test_missing_inventory_app_stops_collection_and_leaves_nothing(tmp_path):
    specs = [SPEC_BY_MODEL[m] for m in ("res.company", "stock.quant")]
    with pytest.raises(MissingModel) as caught:
        _collect(Replay("jsonrpc_collect_hc17_inst_stock"), tmp_path, specs)
    assert str(caught.value) == (
        "stock.quant is missing: the Inventory app (module stock) is not installed "
        "in database 'hc17_inst'"
    )
    assert list(tmp_path.iterdir()) == []


def test_failure_in_the_middle_leaves_no_snapshot_folder(tmp_path):
    # Given a server that fails on the second page of stock.move
    fault = jsonrpc_error("odoo.exceptions.UserError", "the server had enough")
    second_page = _recorded_index("jsonrpc_collect_hc17", "stock.move", "read", 1)
    replay = Replay("jsonrpc_collect_hc17", override={second_page: fault})
    # When collecting, then the error comes through and nothing is left behind
    with pytest.raises(OdooServerFault, match="the server had enough"):
        _collect(replay, tmp_path, HC17_SPECS)
    assert list(tmp_path.iterdir()) == []
    assert len(replay.requests) < 39  # purchase.order was never asked for
    asked = [json.loads(r.content)["params"]["args"][3:5] for r in replay.requests[2:]]
    assert ["purchase.order", "read"] not in asked


def test_malformed_record_leaves_no_snapshot_folder(tmp_path):
    bad_page = httpx.Response(
        200,
        json={"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "date": "yesterday"}]},
    )
    first_page = _recorded_index("jsonrpc_collect_hc17", "stock.move", "read", 0)
    replay = Replay("jsonrpc_collect_hc17", override={first_page: bad_page})
    with pytest.raises(MalformedAnswer) as caught:
        _collect(replay, tmp_path, HC17_SPECS)
    assert caught.value.method == "stock.move.read"
    assert "field 'date': value 'yesterday' is not a valid datetime" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def _recorded_pages(name: str):
    """(model, records) of every search_read page in a recording."""
    document = Replay(name).document
    for exchange in document["exchanges"]:
        request = json.loads(exchange["request"]["body"])["params"]
        args = request["args"]
        if request["method"] == "execute_kw" and "load" in args[6]:
            yield args[3], json.loads(exchange["response"]["body"])["result"]


def test_columnar_conversion_equals_records_to_table():
    # Given every page recorded from hc17, with the server's field types
    types = {model: dict(ODOO17_FIELD_TYPES[model]) for model in COLLECTED_MODELS}
    pages = list(_recorded_pages("jsonrpc_collect_hc17"))
    assert len(pages) == 12  # 5 + 1 + 2 + 3 + 1 pages of 20
    for model, records in pages:
        fields = {name: kind for name, kind in types[model].items() if name in records[0]}
        # When converted column by column, then the table is the one records_to_table builds
        assert page_to_table(records, fields).equals(records_to_table(records, fields)), model


def test_columnar_conversion_falls_back_for_id_name_pairs():
    records = [
        {"id": 7, "product_id": [30, "[FURN_8888] Office Lamp"], "date": False},
        {"id": 8, "product_id": False, "date": "2026-12-03 17:06:58"},
    ]
    fields = {"product_id": "many2one", "date": "datetime"}
    table = page_to_table(records, fields)
    assert table.to_pylist() == [
        {"id": 7, "product_id": 30, "date": None},
        {"id": 8, "product_id": None, "date": dt.datetime(2026, 12, 3, 17, 6, 58, tzinfo=dt.UTC)},
    ]


def test_one_stream_of_keyset_pages_reads_the_same_records(tmp_path):
    # Given hc17 recorded while reading stock.move as one stream of search_read pages
    replay = Replay("jsonrpc_collect_hc17_one_stream")
    with replay.client() as client:
        client.connect()
        path = collect_snapshot(
            client,
            tmp_path,
            specs=[SPEC_BY_MODEL["stock.move"]],
            page_size=20,
            concurrent_reads=1,
        )
    # Then the 47 moves are there, read in three pages after id 0, 20 and 40
    moves = Snapshot.open(path).table("stock.move").column("id").to_pylist()
    assert moves == list(range(1, 48))
    calls = [json.loads(r.content)["params"]["args"][3:7] for r in replay.requests[2:]]
    pages = [
        kwargs["domain"]
        for model, method, _, kwargs in calls
        if (model, method) == ("stock.move", "search_read")
    ]
    assert pages == [[["id", ">", 0]], [["id", ">", 20]], [["id", ">", 40]]]


def test_one_stream_failure_reaches_the_caller_and_leaves_nothing(tmp_path):
    fault = jsonrpc_error("odoo.exceptions.UserError", "page two failed")
    second_page = _recorded_index("jsonrpc_collect_hc17_one_stream", "stock.move", "search_read", 1)
    replay = Replay("jsonrpc_collect_hc17_one_stream", override={second_page: fault})
    with replay.client() as client, pytest.raises(OdooServerFault, match="page two failed"):
        client.connect()
        collect_snapshot(
            client, tmp_path, specs=[SPEC_BY_MODEL["stock.move"]], page_size=20, concurrent_reads=1
        )
    assert list(tmp_path.iterdir()) == []
