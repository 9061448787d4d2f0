"""The Odoo client against recorded answers, local misbehaving servers and closed ports.

Recorded answers are replayed through ``httpx.MockTransport`` (see
``tests/odoo/replay.py``: a test double at the HTTP edge standing in for the
live Odoo 17 recorded on 2026-12-03). "Not Odoo", "nothing listening" and
"timeout" use real sockets on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from caregate.odoo.client import OdooClient, Secret
from caregate.odoo.errors import (
    AccessDenied,
    AuthenticationFailed,
    MalformedAnswer,
    NotAnOdooServer,
    OdooServerFault,
    OdooTimeout,
    OdooUnreachable,
    UnknownDatabase,
)
from tests.odoo.replay import (
    TEST_SECRET,
    Replay,
    handler_client,
    jsonrpc_error,
    jsonrpc_result,
)

PROTOCOLS = ["jsonrpc", "xmlrpc"]


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_version_is_read_from_common_version(protocol):
    # Given the recorded hc17 server
    with Replay(f"{protocol}_login_ok").client() as client:
        # When the version is asked
        version = client.version()
    # Then it is Odoo 17.0
    assert version.server_version == "17.0"
    assert version.server_version_info == (17, 0, 0, "final", 0, "")
    assert version.major == 17


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_login_and_a_model_call(protocol):
    replay = Replay(f"{protocol}_login_ok")
    with replay.client() as client:
        client.connect()
        moves = client.search_count("stock.move", [])
    assert client.uid == 2
    assert client.protocol == protocol
    assert moves == 47
    assert len(replay.requests) == 3


def test_auto_protocol_picks_jsonrpc_on_odoo_17():
    replay = Replay("jsonrpc_login_ok")
    with replay.client(protocol="auto") as client:
        client.connect()
    assert client.protocol == "jsonrpc"


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_wrong_password_names_login_and_database_and_is_not_retried(protocol):
    replay = Replay(f"{protocol}_wrong_password")
    with replay.client(tries=3) as client, pytest.raises(AuthenticationFailed) as caught:
        client.connect()
    assert str(caught.value) == (
        "Odoo refused the login 'admin' on database 'hc17': wrong user, password or API key"
    )
    assert caught.value.retryable is False
    assert len(replay.requests) == 2  # version, authenticate: no second try


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_model_call_refused_after_the_password_changed(protocol):
    replay = Replay(f"{protocol}_refused_call")
    client = replay.client()
    client.protocol, client.uid = protocol, 2
    with client, pytest.raises(AuthenticationFailed):
        client.search_count("res.partner", [])
    assert len(replay.requests) == 1


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_unknown_database_lists_the_ones_the_server_has(protocol):
    replay = Replay(f"{protocol}_unknown_database")
    with replay.client() as client, pytest.raises(UnknownDatabase) as caught:
        client.connect()
    assert caught.value.available == ["bench17", "hc17", "hc17_inst"]
    assert str(caught.value) == (
        "the Odoo server has no database 'no_such_db'; it has: bench17, hc17, hc17_inst"
    )


@pytest.mark.parametrize(
    ("protocol", "name"), [("jsonrpc", "builtins.AttributeError"), ("xmlrpc", "AttributeError")]
)
def test_server_fault_carries_the_exception_name_and_message(protocol, name):
    replay = Replay(f"{protocol}_server_fault")
    with replay.client(tries=3) as client:
        client.connect()
        with pytest.raises(OdooServerFault) as caught:
            client.call("stock.move", "no_such_method")
    assert caught.value.name == name
    assert str(caught.value) == (
        f"Odoo raised {name} during stock.move.no_such_method: "
        "The method 'no_such_method' does not exist on the model 'stock.move'"
    )
    assert caught.value.retryable is False
    assert len(replay.requests) == 3  # version, authenticate, one call


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_access_error_names_the_model_and_the_user(protocol):
    replay = Replay(f"{protocol}_access_error")
    with replay.client() as client:
        client.connect()
        with pytest.raises(AccessDenied) as caught:
            client.search_read("stock.move", [], ["state"], limit=1)
    assert caught.value.model == "stock.move"
    assert str(caught.value).startswith("the Odoo user 'portal' may not read stock.move (")


def test_malformed_records_name_the_method():
    answers = iter([jsonrpc_result({"server_version": "17.0", "server_version_info": [17, 0]})])
    answers = [*answers, jsonrpc_result(2), jsonrpc_result("not a list")]
    with handler_client(lambda request: answers.pop(0)) as client:
        client.connect()
        with pytest.raises(MalformedAnswer) as caught:
            client.search_read("stock.move", [], ["state"])
    assert caught.value.method == "stock.move.search_read"
    assert str(caught.value) == (
        "Odoo's answer to stock.move.search_read has an unexpected shape: "
        "a list of records was expected, got str"
    )


def test_malformed_version_names_common_version():
    client = handler_client(lambda request: jsonrpc_result({"version": 17}))
    with client, pytest.raises(MalformedAnswer) as caught:
        client.version()
    assert caught.value.method == "common.version"


def test_json_that_is_not_jsonrpc_is_not_odoo():
    client = handler_client(lambda request: httpx.Response(200, json={"status": "ok"}))
    with client, pytest.raises(NotAnOdooServer, match="JSON that is not a JSON-RPC answer"):
        client.version()


# ---------------------------------------------------------------- retries


def test_busy_gateway_is_retried_three_times_with_backoff(monkeypatch):
    delays = []
    monkeypatch.setattr("caregate.odoo.client.time.sleep", delays.append)
    attempts = []

    def gateway(request):
        attempts.append(request)
        return httpx.Response(503, text="busy")

    with handler_client(gateway, backoff=0.5) as client, pytest.raises(OdooServerFault) as caught:
        client.version()
    assert len(attempts) == 3
    assert delays == [0.5, 1.0]
    assert caught.value.retryable is True
    assert str(caught.value) == "Odoo raised HTTP 503 during common.version: Service Unavailable"


def test_serialization_failure_is_retried_until_it_succeeds():
    answers = [
        jsonrpc_result({"server_version": "17.0", "server_version_info": [17, 0]}),
        jsonrpc_result(2),
        jsonrpc_error(
            "psycopg2.errors.SerializationFailure",
            "could not serialize access due to concurrent update",
        ),
        jsonrpc_result(47),
    ]
    seen = []

    def server(request):
        seen.append(request)
        return answers[len(seen) - 1]

    with handler_client(server) as client:
        client.connect()
        assert client.search_count("stock.move", []) == 47
    assert len(seen) == 4  # the count was asked twice


def test_user_error_is_not_retried():
    seen = []

    def server(request):
        seen.append(request)
        return jsonrpc_error("odoo.exceptions.UserError", "Object stock.quant doesn't exist")

    client = handler_client(server, tries=3)
    client.protocol = "jsonrpc"
    client.uid = 2
    with client, pytest.raises(OdooServerFault) as caught:
        client.search_count("stock.quant", [])
    assert len(seen) == 1
    assert caught.value.retryable is False


# ---------------------------------------------------------------- real sockets


class _Html(BaseHTTPRequestHandler):
    status = 200

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>"
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _NotFound(_Html):
    status = 404


class _Slow(_Html):
    calls = 0

    def do_POST(self):
        type(self).calls += 1
        time.sleep(1.0)
        with contextlib.suppress(OSError):  # the client gave up waiting
            super().do_POST()


def _serve(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def local_server(request):
    server, url = _serve(request.param)
    yield url
    server.shutdown()
    server.server_close()


def _client(url, protocol="jsonrpc", **options):
    return OdooClient(url, "hc17", "admin", Secret(TEST_SECRET), protocol=protocol, **options)


@pytest.mark.parametrize("local_server", [_Html], indirect=True)
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_html_page_is_not_an_odoo_server(local_server, protocol):
    with _client(local_server, protocol) as client, pytest.raises(NotAnOdooServer) as caught:
        client.connect()
    path = "/jsonrpc" if protocol == "jsonrpc" else "/xmlrpc/2/common"
    assert str(caught.value) == (
        f"{local_server}{path} answered with an HTML page (HTTP 200), "
        "not Odoo's external API; check the Odoo URL"
    )


@pytest.mark.parametrize("local_server", [_NotFound], indirect=True)
def test_http_404_is_not_an_odoo_server(local_server):
    with _client(local_server) as client, pytest.raises(NotAnOdooServer) as caught:
        client.version()
    assert caught.value.answer == "HTTP 404"


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nothing_listening_is_unreachable_and_not_retried():
    url = f"http://127.0.0.1:{_unused_port()}"
    with _client(url, tries=3, backoff=5) as client, pytest.raises(OdooUnreachable) as caught:
        started = time.perf_counter()
        client.connect()
    assert time.perf_counter() - started < 2  # a 5 s backoff would show
    assert str(caught.value) == (
        f"Odoo at {url} cannot be reached (connection refused); check the Odoo URL"
    )
    assert caught.value.retryable is False


def test_unknown_host_is_unreachable():
    with _client("http://no-such-host.invalid") as client, pytest.raises(OdooUnreachable) as caught:
        client.version()
    assert "no-such-host.invalid" in str(caught.value)


@pytest.mark.parametrize("local_server", [_Slow], indirect=True)
def test_slow_server_times_out_and_is_retried(local_server):
    _Slow.calls = 0
    client = _client(local_server, timeout=0.2, tries=2, backoff=0)
    with client, pytest.raises(OdooTimeout) as caught:
        client.version()
    assert caught.value.retryable is True
    assert _Slow.calls == 2
    assert str(caught.value) == (
        f"Odoo at {local_server} did not answer common.version within 0.2 s; "
        "raise the timeout or try when the server is less busy"
    )


# ---------------------------------------------------------------- secrets


def test_secret_never_shows_in_repr_logs_or_errors(caplog):
    caplog.set_level(logging.DEBUG)
    errors = []
    for name in ("jsonrpc_login_ok", "xmlrpc_wrong_password", "jsonrpc_server_fault"):
        client = Replay(name).client()
        assert TEST_SECRET not in repr(client)
        try:
            client.connect()
            client.call("stock.move", "no_such_method")
        except Exception as error:  # every outcome's text is checked below
            errors.append(f"{error!r} {error}")
        finally:
            client.close()
    assert len(errors) == 3
    assert "odoo" in caplog.text  # the calls were logged ...
    assert TEST_SECRET not in caplog.text  # ... without the secret
    assert all(TEST_SECRET not in text for text in errors)
    assert repr(Secret(TEST_SECRET, "api_key")) == "Secret(kind='api_key', value='***')"
    with pytest.raises(TypeError):
        pickle.dumps(Secret(TEST_SECRET))


def test_client_refuses_a_plain_string_secret():
    with pytest.raises(TypeError):
        OdooClient("http://127.0.0.1:1", "hc17", "admin", TEST_SECRET)
