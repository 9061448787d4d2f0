"""The JSON-2 API of Odoo 19+, against answers shaped as Odoo's documentation describes.

No Odoo 19 server was available to record, so ``httpx.MockTransport`` here is a
test double at the HTTP edge built from the documented request and answer
format (POST /json/2/<model>/<method>, bearer API key, X-Odoo-Database).
"""

from __future__ import annotations

import json

import httpx
import pytest

from caregate.odoo.client import OdooClient, Secret
from caregate.odoo.errors import AuthenticationFailed, OdooError, OdooServerFault

VERSION_19 = {"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""]}
API_KEY = "6578616d706c65-api-key"


def _odoo19(requests, fail_with=None):
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.path == "/jsonrpc":
            return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": VERSION_19})
        if fail_with is not None:
            return fail_with
        if request.url.path == "/json/2/res.users/context_get":
            return httpx.Response(200, json={"lang": "en_US", "tz": "UTC", "uid": 2})
        return httpx.Response(200, json=[{"id": 7, "state": "done"}])

    return handler


def _client(requests, secret, fail_with=None, protocol="auto"):
    transport = httpx.MockTransport(_odoo19(requests, fail_with))
    return OdooClient(
        "http://odoo19.test", "prod", "api-user", secret, protocol=protocol, transport=transport
    )


def test_auto_uses_json2_on_odoo_19_with_an_api_key():
    requests = []
    with _client(requests, Secret(API_KEY, "api_key")) as client:
        client.connect()
        records = client.search_read(
            "stock.move",
            [["state", "=", "done"]],
            ["state"],
            limit=5,
            load=None,
            context={"active_test": False},
        )
    assert client.protocol == "json2"
    assert client.uid == 2
    assert records == [{"id": 7, "state": "done"}]
    call = requests[-1]
    assert call.url.path == "/json/2/stock.move/search_read"
    assert call.headers["authorization"] == f"bearer {API_KEY}"
    assert call.headers["x-odoo-database"] == "prod"
    assert json.loads(call.content) == {
        "domain": [["state", "=", "done"]],
        "fields": ["state"],
        "limit": 5,
        "load": None,
        "context": {"active_test": False},
    }


def test_read_sends_ids_in_the_body():
    requests = []
    with _client(requests, Secret(API_KEY, "api_key"), protocol="json2") as client:
        client.connect()
        client.read("stock.move", [7, 8], ["state"])
    assert json.loads(requests[-1].content) == {"ids": [7, 8], "fields": ["state"]}


def test_auto_keeps_jsonrpc_for_a_password_on_odoo_19():
    requests = []
    client = _client(requests, Secret("a password"))
    client._authenticate = lambda: 2  # JSON-RPC login itself is covered by the recordings
    with client:
        client.connect()
    assert client.protocol == "jsonrpc"


def test_rejected_api_key_is_an_authentication_failure():
    requests = []
    refused = httpx.Response(
        401, json={"name": "werkzeug.exceptions.Unauthorized", "message": "Invalid apikey"}
    )
    client = _client(requests, Secret(API_KEY, "api_key"), fail_with=refused)
    with client, pytest.raises(AuthenticationFailed):
        client.connect()


def test_odoo_exception_is_a_server_fault():
    requests = []
    error = httpx.Response(
        422,
        json={"name": "odoo.exceptions.UserError", "message": "Invalid field 'x' on stock.move"},
    )
    client = _client(requests, Secret(API_KEY, "api_key"), fail_with=error, protocol="json2")
    client.uid = 2
    with client, pytest.raises(OdooServerFault) as caught:
        client.search_count("stock.move", [])
    assert str(caught.value) == (
        "Odoo raised odoo.exceptions.UserError during stock.move.search_count: "
        "Invalid field 'x' on stock.move"
    )


def test_json2_on_odoo_17_says_to_choose_another_protocol():
    def odoo17(request):
        result = {"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""]}
        return httpx.Response(200, json={"jsonrpc": "2.0", "id": 1, "result": result})

    client = OdooClient(
        "http://odoo17.test",
        "hc17",
        "admin",
        Secret(API_KEY, "api_key"),
        protocol="json2",
        transport=httpx.MockTransport(odoo17),
    )
    with client, pytest.raises(OdooError, match="has no JSON-2 API"):
        client.connect()
