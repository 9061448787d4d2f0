"""A thin client for Odoo's external API: JSON-RPC, XML-RPC and JSON-2.

Why not a library: OdooRPC speaks JSON-RPC only, odoo-client-lib JSON-RPC and
XML-RPC but neither speaks Odoo 19's JSON-2 API, and neither reports failures as
errors that say which setting is wrong. Three small protocols over one
``httpx.Client`` (keep-alive, a default timeout) are less code than adapting them.

* JSON-RPC: ``POST /jsonrpc`` with ``{"service", "method", "args"}`` (Odoo 8+).
* XML-RPC: ``POST /xmlrpc/2/common`` and ``/xmlrpc/2/object``; the stdlib
  ``xmlrpc.client`` only (de)serialises, httpx carries the bytes.
* JSON-2: ``POST /json/2/<model>/<method>`` with ``Authorization: bearer <key>``
  and ``X-Odoo-Database`` (Odoo 19+, API keys only).

``protocol="auto"`` asks ``common.version`` and picks JSON-2 on Odoo 19+ when
the secret is an API key, JSON-RPC otherwise. Every model call takes named
parameters, which all three protocols accept.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import xml.parsers.expat
import xmlrpc.client
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from caregate.odoo.errors import (
    AccessDenied,
    AuthenticationFailed,
    MalformedAnswer,
    NotAnOdooServer,
    OdooError,
    OdooServerFault,
    OdooTimeout,
    OdooUnreachable,
    UnknownDatabase,
)

logger = logging.getLogger(__name__)

PROTOCOLS = ("auto", "jsonrpc", "xmlrpc", "json2")
DEFAULT_TIMEOUT = 120.0
USER_AGENT = "Caregate (Odoo evidence collector)"

T = TypeVar("T")

_MISSING_DATABASE = re.compile(r'database "([^"]+)" does not exist')
#: Last line of a Python traceback: ``package.module.ExceptionName: message``.
_TRACEBACK_TAIL = re.compile(r"^([A-Za-z_][\w.]*): ?(.*)$")


class Secret:
    """A password or an API key that never shows itself in a repr, a log or a traceback."""

    __slots__ = ("_value", "kind")

    def __init__(self, value: str, kind: str = "password"):
        if kind not in ("password", "api_key"):
            raise ValueError(f"secret kind {kind!r} is not 'password' or 'api_key'")
        self._value = value
        self.kind = kind

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret(kind={self.kind!r}, value='***')"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("a Secret cannot be pickled")


@dataclass(frozen=True)
class ServerVersion:
    """What ``common.version`` says about the server."""

    server_version: str
    server_version_info: tuple
    protocol_version: int

    @property
    def major(self) -> int:
        """The major version, 17 for ``17.0`` and for ``saas~17.2``."""
        first = self.server_version_info[0] if self.server_version_info else 0
        if isinstance(first, int):
            return first
        match = re.search(r"(\d+)", str(first))
        return int(match.group(1)) if match else 0


class OdooClient:
    """One authenticated conversation with one Odoo database.

    Use as a context manager or call :meth:`close`. Thread-safe for model
    calls once :meth:`connect` has run (httpx pools the connections).
    """

    def __init__(
        self,
        url: str,
        database: str,
        login: str,
        secret: Secret,
        *,
        protocol: str = "auto",
        timeout: float = DEFAULT_TIMEOUT,
        tries: int = 3,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        max_connections: int = 4,
    ):
        if protocol not in PROTOCOLS:
            raise ValueError(f"protocol {protocol!r} is not one of {', '.join(PROTOCOLS)}")
        if not isinstance(secret, Secret):
            raise TypeError("pass the password or API key as a caregate.odoo.client.Secret")
        self.url = url.rstrip("/")
        self.database = database
        self.login = login
        self._secret = secret
        self.requested_protocol = protocol
        self.protocol: str | None = None if protocol == "auto" else protocol
        self.timeout = timeout
        self.tries = max(1, tries)
        self.backoff = backoff
        self.uid: int | None = None
        self._version: ServerVersion | None = None
        self._lock = threading.Lock()
        self._http = httpx.Client(
            base_url=self.url,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=4),
            headers={"User-Agent": USER_AGENT},
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return (
            f"OdooClient(url={self.url!r}, database={self.database!r}, login={self.login!r}, "
            f"protocol={self.protocol or self.requested_protocol!r})"
        )

    def __enter__(self) -> OdooClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------------ session

    def version(self) -> ServerVersion:
        """``common.version``: asked once, over JSON-RPC (XML-RPC if that is forced)."""
        if self._version is None:
            service = self._xmlrpc_service if self.protocol == "xmlrpc" else self._jsonrpc_service
            answer = self._retrying(lambda: service("common", "version", []), "common.version")
            self._version = _parse_version(answer)
        return self._version

    def connect(self) -> OdooClient:
        """Pick the protocol and log in; raise an :class:`OdooError` naming what is wrong."""
        version = self.version()
        if self.protocol is None:
            use_json2 = version.major >= 19 and self._secret.kind == "api_key"
            self.protocol = "json2" if use_json2 else "jsonrpc"
        if self.protocol == "json2":
            if version.major < 19:
                raise OdooError(
                    f"Odoo {version.server_version} has no JSON-2 API (Odoo 19 or later); "
                    "use --protocol jsonrpc or xmlrpc"
                )
            self.uid = self._json2_uid()
        else:
            self.uid = self._authenticate()
        logger.info(
            "odoo %s: logged in to %s as %s (uid %s) over %s",
            self.url,
            self.database,
            self.login,
            self.uid,
            self.protocol,
        )
        return self

    def _authenticate(self) -> int:
        service = self._xmlrpc_service if self.protocol == "xmlrpc" else self._jsonrpc_service
        args = [self.database, self.login, self._secret.reveal(), {}]
        uid = self._retrying(lambda: service("common", "authenticate", args), "authentication")
        if uid is False or uid is None:
            raise AuthenticationFailed(self.login, self.database)
        if not isinstance(uid, int):
            raise MalformedAnswer("common.authenticate", f"a user id was expected, got {uid!r}")
        return uid

    def _json2_uid(self) -> int:
        context = self.call("res.users", "context_get")
        uid = context.get("uid") if isinstance(context, dict) else None
        if not isinstance(uid, int):
            # TODO: context_get may not carry the uid on every version; fall back
            # to searching the login, which any internal user may do.
            found = self.call("res.users", "search", domain=[["login", "=", self.login]], limit=1)
            if not found:
                raise AuthenticationFailed(self.login, self.database)
            uid = found[0]
        return uid

    def list_databases(self) -> list[str] | None:
        """The server's databases, or None when it keeps them to itself (``list_db=False``)."""
        try:
            answer = self._jsonrpc_service("db", "list", [])
        except (OdooServerFault, AuthenticationFailed, NotAnOdooServer, MalformedAnswer):
            try:
                answer = self._xmlrpc_service("db", "list", [])
            except OdooError:
                return None
        if not isinstance(answer, list):
            return None
        return [str(name) for name in answer]

    # ------------------------------------------------------------------ model calls

    def call(
        self,
        model: str,
        method: str,
        *,
        ids: Sequence[int] | None = None,
        context: dict[str, Any] | None = None,
        **params: Any,
    ) -> Any:
        """Run ``model.method`` with named parameters; retry transient failures."""
        # JSON-2 needs no login call (the key is sent with every request).
        if self.protocol is None or (self.uid is None and self.protocol != "json2"):
            raise OdooError("call connect() before calling a model method")
        what = f"{model}.{method}"
        if self.protocol == "json2":
            body: dict[str, Any] = dict(params)
            if ids is not None:
                body["ids"] = list(ids)
            if context:
                body["context"] = context
            return self._retrying(lambda: self._json2(model, method, body), what)
        args: list[Any] = [] if ids is None else [list(ids)]
        kwargs = dict(params)
        if context:
            kwargs["context"] = context
        full = [self.database, self.uid, self._secret.reveal(), model, method, args, kwargs]
        service = self._xmlrpc_service if self.protocol == "xmlrpc" else self._jsonrpc_service
        return self._retrying(lambda: service("object", "execute_kw", full, model=model), what)

    def search_read(
        self,
        model: str,
        domain: Sequence,
        fields: Sequence[str],
        *,
        order: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        context: dict[str, Any] | None = None,
        load: str | None = "_classic_read",
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"domain": list(domain), "fields": list(fields)}
        if order:
            params["order"] = order
        if limit:
            params["limit"] = limit
        if offset:
            params["offset"] = offset
        if load != "_classic_read":
            params["load"] = load
        answer = self.call(model, "search_read", context=context, **params)
        return _expect_records(answer, f"{model}.search_read")

    def search(
        self,
        model: str,
        domain: Sequence,
        *,
        order: str | None = None,
        limit: int | None = None,
        context: dict[str, Any] | None = None,
    ) -> list[int]:
        params: dict[str, Any] = {"domain": list(domain)}
        if order:
            params["order"] = order
        if limit:
            params["limit"] = limit
        answer = self.call(model, "search", context=context, **params)
        if not isinstance(answer, list) or not all(isinstance(i, int) for i in answer):
            raise MalformedAnswer(f"{model}.search", f"a list of ids was expected: {answer!r:.80}")
        return answer

    def read(
        self,
        model: str,
        ids: Sequence[int],
        fields: Sequence[str],
        *,
        context: dict[str, Any] | None = None,
        load: str | None = "_classic_read",
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"fields": list(fields)}
        if load != "_classic_read":
            params["load"] = load
        answer = self.call(model, "read", ids=ids, context=context, **params)
        return _expect_records(answer, f"{model}.read")

    def search_count(
        self, model: str, domain: Sequence, *, context: dict[str, Any] | None = None
    ) -> int:
        answer = self.call(model, "search_count", domain=list(domain), context=context)
        if not isinstance(answer, int) or isinstance(answer, bool):
            raise MalformedAnswer(f"{model}.search_count", f"a number was expected: {answer!r:.80}")
        return answer

    def fields_get(
        self,
        model: str,
        attributes: Sequence[str] = ("type", "store"),
        *,
        context: dict[str, Any] | None = None,
    ) -> dict[str, dict[str, Any]]:
        answer = self.call(model, "fields_get", attributes=list(attributes), context=context)
        if not isinstance(answer, dict) or not all(isinstance(v, dict) for v in answer.values()):
            raise MalformedAnswer(f"{model}.fields_get", f"a mapping was expected: {answer!r:.80}")
        return answer

    # ------------------------------------------------------------------ transports

    def _retrying(self, attempt: Callable[[], T], what: str) -> T:
        """Run ``attempt`` up to ``tries`` times, backing off between retryable failures."""
        for number in range(1, self.tries + 1):
            try:
                return attempt()
            except OdooError as error:
                if not error.retryable or number == self.tries:
                    raise
                delay = self.backoff * (2 ** (number - 1))
                logger.warning(
                    "odoo %s: %s failed (%s); try %s of %s in %.1f s",
                    self.url,
                    what,
                    error,
                    number + 1,
                    self.tries,
                    delay,
                )
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _post(self, path: str, what: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.post(path, **kwargs)
        except httpx.TimeoutException:
            raise OdooTimeout(self.url, self.timeout, what) from None
        except httpx.ConnectError as exc:
            raise OdooUnreachable(self.url, _connect_reason(exc)) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            # The server dropped a kept-alive connection (Odoo's werkzeug server
            # does so now and then) or closed it mid-answer (a worker killed for
            # its memory or time limit): every call Caregate makes is a read, so
            # another try is safe.
            raise OdooServerFault(
                "connection reset", f"{type(exc).__name__}: {exc}", what=what, retryable=True
            ) from None
        except httpx.TransportError as exc:
            raise OdooUnreachable(self.url, f"{type(exc).__name__}: {exc}") from None
        if response.status_code in (502, 503, 504):
            raise OdooServerFault(
                f"HTTP {response.status_code}", response.reason_phrase, what=what, retryable=True
            )
        return response

    def _jsonrpc_service(
        self, service: str, method: str, args: list[Any], *, model: str | None = None
    ) -> Any:
        what = f"{model}.{args[4]}" if model else f"{service}.{method}"
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next_request_id(),
        }
        logger.debug("odoo %s: jsonrpc %s %s", self.url, what, model or "")
        response = self._post("/jsonrpc", what, json=payload)
        if response.status_code != 200 or not _looks_like_json(response):
            raise NotAnOdooServer(f"{self.url}/jsonrpc", _describe_answer(response))
        try:
            body = response.json()
        except ValueError:
            raise NotAnOdooServer(f"{self.url}/jsonrpc", "a body that is not JSON") from None
        if not isinstance(body, dict) or body.get("jsonrpc") != "2.0":
            raise NotAnOdooServer(f"{self.url}/jsonrpc", "JSON that is not a JSON-RPC answer")
        if "error" in body:
            error = body["error"] if isinstance(body["error"], dict) else {}
            data = error.get("data") if isinstance(error.get("data"), dict) else {}
            name = str(data.get("name") or error.get("message") or "an unnamed error")
            message = str(data.get("message") or error.get("message") or "")
            raise self._fault(name, message, what, model)
        if "result" not in body:
            raise MalformedAnswer(what, "a JSON-RPC answer with neither result nor error")
        return body["result"]

    def _xmlrpc_service(
        self, service: str, method: str, args: list[Any], *, model: str | None = None
    ) -> Any:
        what = f"{model}.{args[4]}" if model else f"{service}.{method}"
        request = xmlrpc.client.dumps(tuple(args), methodname=method, allow_none=True)
        logger.debug("odoo %s: xmlrpc %s %s", self.url, what, model or "")
        response = self._post(
            f"/xmlrpc/2/{service}",
            what,
            content=request.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8"},
        )
        if response.status_code != 200:
            raise NotAnOdooServer(f"{self.url}/xmlrpc/2/{service}", _describe_answer(response))
        try:
            (result,), _ = xmlrpc.client.loads(response.content, use_builtin_types=True)
        except xmlrpc.client.Fault as fault:
            name, message = _fault_name_and_message(fault)
            raise self._fault(name, message, what, model) from None
        except (xml.parsers.expat.ExpatError, xmlrpc.client.ResponseError, ValueError):
            raise NotAnOdooServer(
                f"{self.url}/xmlrpc/2/{service}", _describe_answer(response, expected="XML-RPC")
            ) from None
        return result

    def _json2(self, model: str, method: str, body: dict[str, Any]) -> Any:
        what = f"{model}.{method}"
        headers = {
            "Authorization": f"bearer {self._secret.reveal()}",
            "X-Odoo-Database": self.database,
        }
        logger.debug("odoo %s: json2 %s", self.url, what)
        response = self._post(f"/json/2/{model}/{method}", what, json=body, headers=headers)
        if not _looks_like_json(response):
            raise NotAnOdooServer(f"{self.url}/json/2", _describe_answer(response))
        try:
            answer = response.json()
        except ValueError:
            raise NotAnOdooServer(f"{self.url}/json/2", "a body that is not JSON") from None
        if response.status_code == 200:
            return answer
        if response.status_code == 401:
            raise AuthenticationFailed(self.login, self.database)
        if not isinstance(answer, dict) or "name" not in answer:
            raise NotAnOdooServer(f"{self.url}/json/2", _describe_answer(response))
        raise self._fault(str(answer["name"]), str(answer.get("message", "")), what, model)

    def _fault(self, name: str, message: str, what: str, model: str | None) -> OdooError:
        """Turn an exception raised inside Odoo into the error that names what to fix."""
        missing = _MISSING_DATABASE.search(message) or _MISSING_DATABASE.search(name)
        if missing:
            return UnknownDatabase(missing.group(1), self.list_databases())
        short_name = name.rsplit(".", 1)[-1]
        if short_name == "AccessDenied":
            return AuthenticationFailed(self.login, self.database)
        if short_name == "AccessError":
            return AccessDenied(model or what, self.login, message.splitlines()[0][:200])
        return OdooServerFault(name, message, what=what)


_request_counter = iter(range(1, 1 << 62))
_counter_lock = threading.Lock()


def next_request_id() -> int:
    with _counter_lock:
        return next(_request_counter)


def _parse_version(answer: Any) -> ServerVersion:
    if not isinstance(answer, dict) or "server_version" not in answer:
        raise MalformedAnswer("common.version", f"no server_version in {answer!r:.80}")
    info = answer.get("server_version_info")
    if not isinstance(info, list | tuple) or not info:
        raise MalformedAnswer("common.version", f"server_version_info is {info!r:.80}")
    return ServerVersion(
        server_version=str(answer["server_version"]),
        server_version_info=tuple(info),
        protocol_version=int(answer.get("protocol_version", 1)),
    )


def _expect_records(answer: Any, method: str) -> list[dict[str, Any]]:
    if not isinstance(answer, list):
        kind = type(answer).__name__
        raise MalformedAnswer(method, f"a list of records was expected, got {kind}")
    for record in answer:
        if not isinstance(record, dict) or not isinstance(record.get("id"), int):
            raise MalformedAnswer(method, f"a record without an integer id: {record!r:.80}")
    return answer


def _looks_like_json(response: httpx.Response) -> bool:
    content_type = response.headers.get("content-type", "")
    return "json" in content_type or (not content_type and response.content[:1] in (b"{", b"["))


def _describe_answer(response: httpx.Response, expected: str = "JSON") -> str:
    """A few words on what came back: "HTTP 404", "an HTML page (HTTP 200)"."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    start = response.content[:200].lstrip().lower()
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    if "html" in content_type or start.startswith((b"<!doctype html", b"<html")):
        return f"an HTML page (HTTP {response.status_code})"
    shown = content_type or "no content type"
    return f"HTTP {response.status_code} {shown} that is not {expected}"


def _fault_name_and_message(fault: xmlrpc.client.Fault) -> tuple[str, str]:
    """Odoo's XML-RPC faults: code 3 AccessDenied, 4 AccessError, 2 a warning, 1 a traceback."""
    code, text = fault.faultCode, str(fault.faultString)
    if code == 3:
        return "odoo.exceptions.AccessDenied", text
    if code == 4:
        return "odoo.exceptions.AccessError", text
    if code == 2:
        return "odoo.exceptions.UserError", text
    lines = [line for line in text.strip().splitlines() if line.strip()]
    for line in reversed(lines):
        match = _TRACEBACK_TAIL.match(line.strip())
        if match and not line.startswith(" "):
            return match.group(1), match.group(2)
    return "Fault", lines[-1] if lines else text


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc)
    lowered = text.lower()
    if "name or service not known" in lowered or "nodename nor servname" in lowered:
        return "the host name does not resolve"
    if "temporary failure in name resolution" in lowered or "getaddrinfo" in lowered:
        return "the host name does not resolve"
    if "refused" in lowered:
        return "connection refused"
    if "certificate" in lowered or "ssl" in lowered:
        return f"TLS failed: {text}"
    return text or type(exc).__name__
