"""Read evidence from a live Odoo database into an immutable snapshot.

:func:`collect_snapshot` reads the server's version, its installed modules, the
companies the user may see, then every model of :data:`MODEL_SPECS` that the
database has, page by page, straight into Parquet. Nothing is written to Odoo.

How pages are read (measured with ``benchmarks/bench_collect.py`` on 500,000
``stock.move``): keyset paging (``id > last``, ``order id``) keeps every page
as cheap as the first, where offset paging makes Odoo skip ever more rows;
``load=None`` returns a many2one as its id instead of ``[id, display name]``,
which spares Odoo a name computation per value and roughly doubles the rate;
JSON-RPC is about twice as fast as XML-RPC (Odoo's XML marshalling and the
stdlib parser are slow); pages are converted to Arrow column by column. Ids
come from a cheap keyset ``search`` and two ``read`` requests run at once, so
the server never waits for the client and a multi-worker Odoo reads two pages
in parallel.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from caregate.evidence.snapshot import (
    SnapshotError,
    SnapshotWriter,
    arrow_schema,
    new_snapshot_id,
    records_to_table,
)
from caregate.evidence.spec import MODEL_SPECS, ModelSpec
from caregate.odoo.client import OdooClient
from caregate.odoo.errors import APP_NAMES, MalformedAnswer, MissingModel, OdooError

logger = logging.getLogger(__name__)

#: Records per request. 5,000 measured best on bench17 (2,000: more round
#: trips; 10,000-20,000: no faster and a bigger answer to hold).
PAGE_SIZE = 5000

#: Requests under way at once (``caregate collect --concurrency``). One
#: stream, read one page ahead of the conversion, is the default: against a
#: single Odoo process (``workers = 0``) on bench17 it measured 5,680
#: records/s where two concurrent reads measured 4,864 — the reads share one
#: interpreter and the extra ``search`` per page costs more than it gains.
#: Against an Odoo running several worker processes two reads measured
#: 5,100 records/s where one read 3,450, so raise it for such servers.
CONCURRENT_READS = 1

#: ``progress(model, rows_done, rows_total)``: called with 0 when a model
#: starts and after every page.
Progress = Callable[[str, int, int], None]


def collect_snapshot(
    client: OdooClient,
    root: Path,
    *,
    specs: Sequence[ModelSpec] = MODEL_SPECS,
    progress: Progress | None = None,
    page_size: int = PAGE_SIZE,
    concurrent_reads: int = CONCURRENT_READS,
) -> Path:
    """Collect one snapshot from a connected client into ``root``; return its folder.

    Raises :class:`~caregate.odoo.errors.MissingModel` when a required model's
    app is not installed, and any other :class:`OdooError` as it comes; on any
    failure no snapshot folder is left behind.
    """
    collected_at = dt.datetime.now(dt.UTC)
    if client.uid is None:
        client.connect()
    version = client.version()
    modules = _installed_modules(client)
    companies = _companies(client)
    base_context: dict[str, Any] = {
        "allowed_company_ids": [company["id"] for company in companies],
        # Records are read, never shown: no field needs pre-fetching.
        "prefetch_fields": False,
    }
    present = _models_present(client, [spec.model for spec in specs])
    skipped: list[dict[str, str]] = []
    timings: dict[str, dict[str, float]] = {}

    read_method = "read" if concurrent_reads > 1 else "search_read"
    snapshot_id = new_snapshot_id(client.database, collected_at)
    with SnapshotWriter(root, snapshot_id) as writer:
        for spec in specs:
            if spec.model not in present:
                if spec.required:
                    raise MissingModel(
                        spec.model, spec.module, client.database, _app_name(client, spec.module)
                    )
                logger.info(
                    "odoo %s: %s absent (module %s not installed); skipped",
                    client.database,
                    spec.model,
                    spec.module,
                )
                installed = spec.module in modules
                skipped.append({"model": spec.model, "module": spec.module, "installed": installed})
                continue
            context = dict(base_context)
            if spec.include_archived:
                context["active_test"] = False
            started = time.perf_counter()
            field_types, missing = _field_types(client, spec, context)
            domain = [list(term) if isinstance(term, tuple) else term for term in spec.domain]
            total = client.search_count(spec.model, domain, context=context)
            if progress:
                progress(spec.model, 0, total)
            pages = read_pages(
                client,
                spec.model,
                domain,
                list(field_types),
                context=context,
                page_size=page_size,
                concurrent_reads=concurrent_reads,
            )
            rows = writer.write_model(
                spec.model,
                _tables(pages, field_types, f"{spec.model}.{read_method}", total, progress),
                field_types,
                domain=spec.domain,
                archived_included=spec.include_archived,
            )
            seconds = time.perf_counter() - started
            timings[spec.model] = {
                "seconds": round(seconds, 3),
                "records_per_second": round(rows / seconds, 1) if seconds > 0 else 0.0,
            }
            writer.models[spec.model]["missing_fields"] = missing
            if rows != total:
                # Odoo changed while we read (users keep working): the snapshot
                # holds what was read, the manifest says so.
                writer.models[spec.model]["rows_counted_before_reading"] = total
                logger.warning(
                    "odoo %s: %s counted %s rows but %s were read",
                    client.database,
                    spec.model,
                    total,
                    rows,
                )
        metadata = {
            "source": {
                "kind": "odoo",
                "url": client.url,
                "database": client.database,
                "user": client.login,
                "protocol": client.protocol,
                "server_version": version.server_version,
                "server_version_info": list(version.server_version_info),
            },
            "collected_at": collected_at.isoformat(),
            "installed_modules": modules,
            "companies": companies,
            "skipped_models": skipped,
            "timings": timings,
        }
        return writer.finish(metadata)


def read_pages(
    client: OdooClient,
    model: str,
    domain: list,
    fields: list[str],
    *,
    context: dict[str, Any] | None = None,
    page_size: int = PAGE_SIZE,
    concurrent_reads: int = CONCURRENT_READS,
) -> Iterator[list[dict[str, Any]]]:
    """Yield a model's records in pages, in id order, reading ahead of the consumer."""
    if concurrent_reads > 1:
        yield from _concurrent_pages(
            client, model, domain, fields, context, page_size, concurrent_reads
        )
    else:
        yield from _read_ahead(_keyset_pages(client, model, domain, fields, context, page_size))


def _keyset_pages(
    client: OdooClient,
    model: str,
    domain: list,
    fields: list[str],
    context: dict[str, Any] | None,
    page_size: int,
) -> Iterator[list[dict[str, Any]]]:
    last_id = 0
    while True:
        page = client.search_read(
            model,
            [*domain, ["id", ">", last_id]],
            fields,
            order="id",
            limit=page_size,
            context=context,
            load=None,
        )
        if not page:
            return
        yield page
        last_id = page[-1]["id"]
        if len(page) < page_size:
            return


def _concurrent_pages(
    client: OdooClient,
    model: str,
    domain: list,
    fields: list[str],
    context: dict[str, Any] | None,
    page_size: int,
    workers: int,
) -> Iterator[list[dict[str, Any]]]:
    """Ids by keyset ``search`` (cheap), reads of several pages at once.

    Pays off on an Odoo running several worker processes; on a single
    threaded server the reads share one interpreter and gain little.
    """
    pending: list[Future] = []
    with ThreadPoolExecutor(workers, thread_name_prefix="odoo-read") as pool:
        try:
            last_id = 0
            while True:
                ids = client.search(
                    model,
                    [*domain, ["id", ">", last_id]],
                    order="id",
                    limit=page_size,
                    context=context,
                )
                if ids:
                    last_id = ids[-1]
                    pending.append(
                        pool.submit(client.read, model, ids, fields, context=context, load=None)
                    )
                while pending and (len(pending) > workers or not ids):
                    yield pending.pop(0).result()
                if len(ids) < page_size:
                    while pending:
                        yield pending.pop(0).result()
                    return
        finally:
            for future in pending:
                future.cancel()


_DONE = object()


def _read_ahead(pages: Iterator[list[dict[str, Any]]]) -> Iterator[list[dict[str, Any]]]:
    """Run ``pages`` in a thread one page ahead, so the server works while we convert."""
    handoff: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item: object) -> bool:
        """Put ``item`` in the queue unless the consumer has gone away."""
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for page in pages:
                if not hand_over(page):
                    return
            hand_over(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            hand_over(exc)

    thread = threading.Thread(target=produce, name="odoo-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _tables(
    pages: Iterator[list[dict[str, Any]]],
    field_types: dict[str, str],
    method: str,
    total: int,
    progress: Progress | None,
) -> Iterator[pa.Table]:
    model = method.rsplit(".", 1)[0]
    done = 0
    for page in pages:
        try:
            table = page_to_table(page, field_types)
        except SnapshotError as exc:
            raise MalformedAnswer(method, str(exc)) from None
        done += table.num_rows
        if progress:
            progress(model, done, max(total, done))
        yield table


def page_to_table(records: list[dict[str, Any]], field_types: dict[str, str]) -> pa.Table:
    """The same table as :func:`records_to_table`, built column by column in Arrow.

    Measured on 5,000 stock moves it is several times faster than the
    value-by-value conversion, which matters when the collector shares the CPUs
    with Odoo. A page it cannot convert (an unexpected shape, a many2one as
    ``[id, name]``) goes to :func:`records_to_table`, which converts it or names
    the offending record and field.
    """
    schema = arrow_schema(field_types)
    try:
        columns = [pa.array([record["id"] for record in records], pa.int64())]
        for column in schema.names[1:]:
            values = [record.get(column, False) for record in records]
            columns.append(_column(values, field_types[column], schema.field(column).type))
        return pa.Table.from_arrays(columns, schema=schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, KeyError):
        return records_to_table(records, field_types)


def _column(values: list[Any], odoo_type: str, arrow_type: pa.DataType) -> pa.Array:
    if odoo_type == "boolean":
        return pa.array([bool(value) for value in values], arrow_type)
    if odoo_type in ("many2many", "one2many"):
        return pa.array([value or [] for value in values], arrow_type)
    # Odoo answers False for an empty field of any type but boolean.
    present = [None if value is False else value for value in values]
    if odoo_type == "datetime":
        text = pa.array(present, pa.string())
        parsed = pc.strptime(text, format="%Y-%m-%d %H:%M:%S", unit="s", error_is_null=False)
        return parsed.cast(arrow_type)  # Odoo's datetimes are naive UTC
    if odoo_type == "date":
        return pa.array(present, pa.string()).cast(arrow_type)
    if odoo_type in ("many2one", "many2one_reference", "integer"):
        if any(isinstance(value, bool) for value in present):
            raise TypeError("a boolean where an id or a number belongs")
        return pa.array(present, arrow_type)
    if odoo_type in ("float", "monetary"):
        return pa.array(present, arrow_type)
    if pa.types.is_string(arrow_type):
        return pa.array(
            [v if v is None or isinstance(v, str) else str(v) for v in present], arrow_type
        )
    return pa.array(present, arrow_type)


def _field_types(
    client: OdooClient, spec: ModelSpec, context: dict[str, Any]
) -> tuple[dict[str, str], list[str]]:
    """The spec's fields the server has, with the server's own types, and those it lacks."""
    offered = client.fields_get(spec.model, ("type",), context=context)
    field_types = {name: str(offered[name]["type"]) for name in spec.fields if name in offered}
    missing = [name for name in spec.fields if name not in offered]
    if missing:
        logger.info("odoo %s: %s lacks fields %s", client.database, spec.model, missing)
    return field_types, missing


def _installed_modules(client: OdooClient) -> dict[str, str]:
    """Installed modules and their versions, by name."""
    records = client.search_read(
        "ir.module.module",
        [["state", "in", ["installed", "to upgrade", "to remove"]]],
        ["name", "latest_version"],
        order="name",
    )
    return {record["name"]: record.get("latest_version") or "" for record in records}


def _companies(client: OdooClient) -> list[dict[str, Any]]:
    """Every company the user may see, with its currency code."""
    records = client.search_read("res.company", [], ["name", "currency_id"], order="id")
    return [
        {
            "id": record["id"],
            "name": record["name"],
            "currency": record["currency_id"][1] if record.get("currency_id") else None,
        }
        for record in records
    ]


def _models_present(client: OdooClient, models: Sequence[str]) -> set[str]:
    """Which of ``models`` exist in the database (per ``ir.model``)."""
    try:
        records = client.search_read("ir.model", [["model", "in", list(models)]], ["model"])
    except OdooError as error:
        # A user without read access to ir.model: ask each model itself.
        logger.info("odoo %s: ir.model unreadable (%s); probing models", client.database, error)
        present = set()
        for model in models:
            try:
                client.fields_get(model, ("type",))
            except OdooError:
                continue
            present.add(model)
        return present
    return {record["model"] for record in records}


def _app_name(client: OdooClient, module: str) -> str:
    """The app's name as the server describes the module, e.g. "Inventory" for stock."""
    try:
        records = client.search_read("ir.module.module", [["name", "=", module]], ["shortdesc"])
    except OdooError:
        records = []
    if records and records[0].get("shortdesc"):
        return str(records[0]["shortdesc"])
    return APP_NAMES.get(module, module)
