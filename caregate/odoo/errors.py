"""What can go wrong when Caregate talks to an Odoo server.

Every error carries a one-line message that names the setting to fix (the URL,
the database, the login, the installed apps) and says whether trying again
could help (``retryable``). Messages never contain a password or an API key.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Odoo exception classes (or fragments of their names and messages) that come
#: from a concurrent transaction or a busy server: the same call may succeed
#: when repeated.
TRANSIENT_FAULT_MARKERS: tuple[str, ...] = (
    "SerializationFailure",
    "TransactionRollbackError",
    "could not serialize access",
    "LockNotAvailable",
    "DeadlockDetected",
    "deadlock detected",
    "ConcurrencyError",
)

#: Apps as users know them, by the module that provides them. Used when the
#: server cannot tell us (the module's own ``shortdesc`` is preferred).
APP_NAMES: dict[str, str] = {
    "base": "Base",
    "product": "Products",
    "uom": "Units of Measure",
    "stock": "Inventory",
    "purchase": "Purchase",
    "account": "Invoicing",
    "maintenance": "Maintenance",
    "hr": "Employees",
}


class OdooError(Exception):
    """Base of every Odoo connector error; ``str(error)`` is one line."""

    retryable: bool = False

    def __init__(self, message: str, *, retryable: bool | None = None):
        super().__init__(" ".join(message.split()))
        if retryable is not None:
            self.retryable = retryable


class OdooUnreachable(OdooError):
    """Nothing answers at the URL (DNS failure, connection refused, TLS failure)."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"Odoo at {url} cannot be reached ({reason}); check the Odoo URL")
        self.url = url


class NotAnOdooServer(OdooError):
    """Something answers at the URL, but not Odoo's JSON-RPC / XML-RPC."""

    def __init__(self, url: str, answer: str):
        super().__init__(
            f"{url} answered with {answer}, not Odoo's external API; check the Odoo URL"
        )
        self.url = url
        self.answer = answer


class UnknownDatabase(OdooError):
    """The server has no database with that name."""

    def __init__(self, database: str, available: Iterable[str] | None = None):
        known = sorted(available) if available is not None else None
        if known:
            hint = f"; it has: {', '.join(known)}"
        elif known is not None:
            hint = "; it has none"
        else:
            hint = " (it does not list its databases)"
        super().__init__(f"the Odoo server has no database {database!r}{hint}")
        self.database = database
        self.available = known


class AuthenticationFailed(OdooError):
    """The login and password (or API key) are refused."""

    def __init__(self, login: str, database: str):
        super().__init__(
            f"Odoo refused the login {login!r} on database {database!r}: "
            "wrong user, password or API key"
        )
        self.login = login
        self.database = database


class AccessDenied(OdooError):
    """The user is logged in but may not read a model."""

    def __init__(self, model: str, login: str, detail: str = ""):
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"the Odoo user {login!r} may not read {model}{extra}; "
            "give the user read access or use another user"
        )
        self.model = model
        self.login = login


class MissingModel(OdooError):
    """A model Caregate needs does not exist because its app is not installed."""

    def __init__(self, model: str, module: str, database: str, app: str | None = None):
        app_name = app or APP_NAMES.get(module, module)
        super().__init__(
            f"{model} is missing: the {app_name} app (module {module}) is not installed "
            f"in database {database!r}"
        )
        self.model = model
        self.module = module
        self.database = database


class OdooTimeout(OdooError):
    """The server did not answer in time."""

    retryable = True

    def __init__(self, url: str, seconds: float, what: str):
        super().__init__(
            f"Odoo at {url} did not answer {what} within {seconds:g} s; "
            "raise the timeout or try when the server is less busy"
        )
        self.url = url
        self.seconds = seconds


class OdooServerFault(OdooError):
    """Odoo raised an exception while running a call."""

    def __init__(self, name: str, message: str, *, what: str = "", retryable: bool | None = None):
        if retryable is None:
            retryable = is_transient(name, message)
        where = f" during {what}" if what else ""
        first_line = (message.strip().splitlines() or [""])[0][:300]
        super().__init__(f"Odoo raised {name}{where}: {first_line}", retryable=retryable)
        self.name = name
        self.server_message = message


class MalformedAnswer(OdooError):
    """The server answered a call with something of the wrong shape."""

    def __init__(self, method: str, detail: str):
        super().__init__(f"Odoo's answer to {method} has an unexpected shape: {detail}")
        self.method = method


def is_transient(name: str, message: str = "") -> bool:
    """True when an Odoo exception comes from concurrency and repeating may help."""
    text = f"{name} {message}"
    return any(marker in text for marker in TRANSIENT_FAULT_MARKERS)
