"""Replay of recorded Odoo answers: a test double at the HTTP edge.

It stands in for the live Odoo 17.0 server (databases hc17 and hc17_inst)
whose answers ``tests/odoo/record.py`` recorded on 2026-12-03 into
``tests/odoo/recordings``. Everything above the HTTP transport (the client's
protocol code, error mapping, retries, collection) runs for real; the replay
checks that each request asks for the same service, method and model as the
recorded one, in the same order.
"""

from __future__ import annotations

import json
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

import httpx

from caregate.odoo.client import OdooClient, Secret

RECORDINGS = Path(__file__).parent / "recordings"
URL = "http://odoo.test:8069"
#: The secret tests pass; recordings hold ``<secret>`` where the real one was.
TEST_SECRET = "s3cret-Pa55-never-logged"


def signature(path: str, body: bytes | str) -> tuple:
    """What a request asks for: path, service method, and model + method for model calls."""
    if path == "/jsonrpc":
        params = json.loads(body)["params"]
        args = params["args"]
        call = tuple(args[3:5]) if params["method"] == "execute_kw" else ()
        return path, params["method"], *call
    params, method = xmlrpc.client.loads(body, use_builtin_types=True)
    call = tuple(params[3:5]) if method == "execute_kw" else ()
    return path, method, *call


class Replay:
    """Answers requests with a recording's answers, one after the other."""

    def __init__(self, name: str, *, override: dict[int, httpx.Response] | None = None):
        self.document = json.loads((RECORDINGS / f"{name}.json").read_text())
        self.exchanges = self.document["exchanges"]
        self.override = override or {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        index = len(self.requests)
        self.requests.append(request)
        assert index < len(self.exchanges), f"request {index} was not recorded: {request.url}"
        recorded = self.exchanges[index]
        wanted = signature(recorded["request"]["path"], recorded["request"]["body"])
        asked = signature(request.url.path, request.content)
        assert asked == wanted, f"request {index}: asked {asked}, recording has {wanted}"
        if index in self.override:
            return self.override[index]
        answer = recorded["response"]
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
