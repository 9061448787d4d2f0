"""Replay of recorded Odoo answers: a test double at the HTTP edge.

It stands in for the live Odoo 17.0 server (databases hc17 and hc17_inst)
whose answers ``tests/odoo/record.py`` recorded on 2026-12-03 into
``tests/odoo/recordings``. Everything above the HTTP transport (the client's
protocol code, error mapping, retries, collection) runs for real; the replay
answers a request only if it equals a recorded one (same service, method,
model and arguments, in any order).
"""

from __future__ import annotations

import json
import threading
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

import httpx

from caregate.odoo.client import OdooClient, Secret

RECORDINGS = Path(__file__).parent / "recordings"
URL = "http://odoo.test:8069"
#: The secret tests pass; recordings hold ``<secret>`` where the real one was.
TEST_SECRET = "s3cret-Pa55-never-logged"


def normalized(path: str, body: bytes | str) -> tuple:
    """What a request asks, without its JSON-RPC id and its secret."""
    if path == "/jsonrpc":
        params = json.loads(body)["params"]
        args = list(params["args"])
        if params["method"] in ("authenticate", "execute_kw"):
            args[2] = "<secret>"
        return path, params["service"], params["method"], json.dumps(args, sort_keys=True)
    params, method = xmlrpc.client.loads(body, use_builtin_types=True)
    params = list(params)
    if method in ("authenticate", "execute_kw"):
        params[2] = "<secret>"
    return path, method, json.dumps(params, sort_keys=True, default=str)


class Replay:
    """Answers requests with a recording's answers, one after the other."""

    def __init__(self, name: str, *, override: dict[int, httpx.Response] | None = None):
        self.document = json.loads((RECORDINGS / f"{name}.json").read_text())
        self.exchanges = self.document["exchanges"]
        self.keys = [
            normalized(exchange["request"]["path"], exchange["request"]["body"])
            for exchange in self.exchanges
        ]
        self.used: set[int] = set()
        self.override = override or {}
        self.requests: list[httpx.Request] = []
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The recorded answer to the first unanswered recorded request equal to this one.

        Matching by content rather than position lets concurrent reads arrive
        in any order.
        """
        key = normalized(request.url.path, request.content)
        with self.lock:
            self.requests.append(request)
            index = next(
                (i for i, k in enumerate(self.keys) if k == key and i not in self.used), None
            )
            assert index is not None, f"request not recorded (or asked twice): {key}"
            self.used.add(index)
        if index in self.override:
            return self.override[index]
        answer = self.exchanges[index]["response"]
        return httpx.Response(
            answer["status"],
            headers={"content-type": answer["content_type"]},
            content=answer["body"].encode("utf-8"),
        )

    def client(self, **options) -> OdooClient:
        options.setdefault("protocol", self.document["protocol"])
        options.setdefault("backoff", 0)
        return OdooClient(
            URL,
            self.document["database"],
            self.document["login"],
            Secret(TEST_SECRET),
            transport=httpx.MockTransport(self),
            **options,
        )


def handler_client(handler: Callable[[httpx.Request], httpx.Response], **options) -> OdooClient:
    """A client whose every request goes to ``handler`` (for answers no server gives on demand)."""
    options.setdefault("protocol", "jsonrpc")
    options.setdefault("backoff", 0)
    return OdooClient(
        URL, "hc17", "admin", Secret(TEST_SECRET), transport=httpx.MockTransport(handler), **options
    )


def jsonrpc_result(result) -> httpx.Response:
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": result})


def jsonrpc_error(name: str, message: str) -> httpx.Response:
    error = {
        "code": 200,
        "message": "Odoo Server Error",
        "data": {"name": name, "message": message},
    }
    return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "error": error})
