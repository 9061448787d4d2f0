"""Record real Odoo answers for the replay tests in this folder.

Talks to a live Odoo 17 (hc17 with demo data, hc17_inst with only base and
contacts) and stores every HTTP request and answer, per scenario, in
``tests/odoo/recordings/<scenario>.json``. The password in a request is replaced
by ``<secret>`` before anything is written. Run it again after an Odoo upgrade::

    ODOO_URL=http://127.0.0.1:8069 ODOO_PASSWORD=admin \\
        .venv/bin/python tests/odoo/record.py

ODOO_USER defaults to admin; the access-denied scenario logs in as Odoo's demo
portal user (portal/portal).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

import httpx

from caregate.evidence.collection import CONCURRENT_READS, collect_snapshot
from caregate.evidence.spec import SPEC_BY_MODEL
from caregate.odoo.client import OdooClient, Secret
from caregate.odoo.errors import OdooError

RECORDINGS = Path(__file__).parent / "recordings"
#: The models of the small hc17 collection that tests replay.
COLLECTED_MODELS = ("ir.module.module", "res.company", "uom.uom", "stock.move", "purchase.order")


class RecordingTransport(httpx.BaseTransport):
    """Passes requests to the real server and keeps each request and answer."""

    def __init__(self):
        self.inner = httpx.HTTPTransport()
        self.exchanges: list[dict] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        body = response.read()
        sent = scrub(request.url.path, request.content)
        self.exchanges.append(
            {
                "request": {"method": request.method, "path": request.url.path, "body": sent},
                "response": {
                    "status": response.status_code,
                    "content_type": response.headers.get("content-type", ""),
                    "body": strip_traceback(request.url.path, body),
                },
            }
        )
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )


def scrub(path: str, content: bytes) -> str:
    """The request body with the password (third argument of each call) replaced."""
    if path == "/jsonrpc":
        payload = json.loads(content)
        args = payload["params"]["args"]
        if payload["params"]["method"] in ("authenticate", "execute_kw"):
            args[2] = "<secret>"
        return json.dumps(payload, ensure_ascii=False)
    params, method = xmlrpc.client.loads(content, use_builtin_types=True)
    params = list(params)
    if method in ("authenticate", "execute_kw"):
        params[2] = "<secret>"
    return xmlrpc.client.dumps(tuple(params), methodname=method, allow_none=True)


def strip_traceback(path: str, body: bytes) -> str:
    """The answer without Odoo's traceback (it quotes Odoo's source); its last line stays."""
    text = body.decode("utf-8")
    if path.startswith("/jsonrpc") and '"error"' in text:
        payload = json.loads(text)
        data = payload.get("error", {}).get("data", {})
        if "debug" in data:
            data["debug"] = "<traceback removed>"
        return json.dumps(payload, ensure_ascii=False)
    if path.startswith("/xmlrpc") and "<fault>" in text:
        try:
            xmlrpc.client.loads(body)
        except xmlrpc.client.Fault as fault:
            lines = [line for line in fault.faultString.strip().splitlines() if line.strip()]
            if fault.faultCode == 1 and len(lines) > 1:
                short = f"Traceback (most recent call last):\n  <removed>\n{lines[-1]}\n"
                return xmlrpc.client.dumps(xmlrpc.client.Fault(1, short), methodresponse=True)
    return text


def record(
    name: str,
    database: str,
    login: str,
    password: str,
    protocol: str,
    scenario: Callable[[OdooClient], object],
) -> None:
    transport = RecordingTransport()
    url = os.environ.get("ODOO_URL", "http://127.0.0.1:8069")
    client = OdooClient(
        url, database, login, Secret(password), protocol=protocol, transport=transport, tries=1
    )
    outcome: str
    try:
        result = scenario(client)
        outcome = f"ok: {result!r}"[:200]
    except OdooError as error:
        outcome = f"{type(error).__name__}: {error}"
    finally:
        client.close()
    document = {
        "recorded": dt.date.today().isoformat(),
        "server": url,
        "database": database,
        "login": login,
        "protocol": protocol,
        "outcome": outcome,
        "exchanges": transport.exchanges,
    }
    path = RECORDINGS / f"{name}.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"{name}: {len(transport.exchanges)} exchanges, {outcome}")


def connect_and_count(client: OdooClient) -> tuple[int, int]:
    client.connect()
    return client.uid, client.search_count("stock.move", [])


def connect_and_fault(client: OdooClient) -> object:
    client.connect()
    return client.call("stock.move", "no_such_method")


def portal_reads_moves(client: OdooClient) -> object:
    client.connect()
    return client.search_read("stock.move", [], ["state"], limit=1)


def wrong_password_on_a_call(client: OdooClient) -> object:
    """A session whose password changed after login: Odoo refuses the model call."""
    client.protocol = client.requested_protocol
    client.uid = 2
    return client.search_count("res.partner", [])


def collect_models(
    models: tuple[str, ...], concurrent_reads: int = CONCURRENT_READS
) -> Callable[[OdooClient], object]:
    def scenario(client: OdooClient) -> object:
        import tempfile

        client.connect()
        specs = [SPEC_BY_MODEL[model] for model in models]
        with tempfile.TemporaryDirectory() as folder:
            path = collect_snapshot(
                client,
                Path(folder),
                specs=specs,
                page_size=20,
                concurrent_reads=concurrent_reads,
            )
            return path.name

    return scenario


def main() -> int:
    password = os.environ.get("ODOO_PASSWORD")
    login = os.environ.get("ODOO_USER", "admin")
    if not password:
        print("set ODOO_PASSWORD (and ODOO_URL)", file=sys.stderr)
        return 2
    RECORDINGS.mkdir(exist_ok=True)
    for protocol in ("jsonrpc", "xmlrpc"):
        record(f"{protocol}_login_ok", "hc17", login, password, protocol, connect_and_count)
        record(
            f"{protocol}_wrong_password",
            "hc17",
            login,
            "not-the-password",
            protocol,
            connect_and_count,
        )
        record(
            f"{protocol}_unknown_database",
            "no_such_db",
            login,
            password,
            protocol,
            connect_and_count,
        )
        record(f"{protocol}_server_fault", "hc17", login, password, protocol, connect_and_fault)
        record(f"{protocol}_access_error", "hc17", "portal", "portal", protocol, portal_reads_moves)
        record(
            f"{protocol}_refused_call",
            "hc17",
            login,
            "not-the-password",
            protocol,
            wrong_password_on_a_call,
        )
    record(
        "jsonrpc_collect_hc17",
        "hc17",
        login,
        password,
        "jsonrpc",
        collect_models(COLLECTED_MODELS, concurrent_reads=2),
    )
    record(
        "jsonrpc_collect_hc17_one_stream",
        "hc17",
        login,
        password,
        "jsonrpc",
        collect_models(("stock.move",), concurrent_reads=1),
    )
    record(
        "jsonrpc_collect_hc17_inst",
        "hc17_inst",
        login,
        password,
        "jsonrpc",
        collect_models(("res.company", "uom.uom", "product.category"), concurrent_reads=2),
    )
    record(
        "jsonrpc_collect_hc17_inst_stock",
        "hc17_inst",
        login,
        password,
        "jsonrpc",
        collect_models(("res.company", "stock.quant"), concurrent_reads=2),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
