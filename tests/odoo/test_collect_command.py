"""`caregate collect` end to end, with Odoo replayed from recordings.

The Odoo side is ``Replay`` (tests/odoo/replay.py): a test double at the HTTP
edge standing in for the live hc17 server recorded on 2026-12-03. Programme
creation, snapshot writing and registration run for real.
"""

from __future__ import annotations

import functools

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caregate.evidence import collection
from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.spec import SPEC_BY_MODEL
from caregate.odoo.client import OdooClient
from tests.odoo.record import COLLECTED_MODELS
from tests.odoo.replay import TEST_SECRET, URL, Replay

COMMAND = "caregate.evidence.management.commands.collect"


@pytest.fixture
def odoo_env(monkeypatch, tmp_path, settings):
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    for name in ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_API_KEY", "ODOO_API_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ODOO_PASSWORD_FILE", raising=False)
    monkeypatch.setenv("ODOO_PASSWORD", TEST_SECRET)
    return monkeypatch


def _replay_odoo(monkeypatch, name: str) -> Replay:
    replay = Replay(name)
    transport = httpx.MockTransport(replay)
    monkeypatch.setattr(f"{COMMAND}.OdooClient", functools.partial(OdooClient, transport=transport))
    specs = [SPEC_BY_MODEL[model] for model in COLLECTED_MODELS]
    monkeypatch.setattr(
        f"{COMMAND}.collect_snapshot",
        functools.partial(collection.collect_snapshot, specs=specs, page_size=20),
    )
    return replay


@pytest.mark.django_db
def test_collect_registers_the_snapshot_with_the_programme(odoo_env, capsys, settings):
    # Given hc17 (replayed) and the connection settings in the environment
    _replay_odoo(odoo_env, "jsonrpc_collect_hc17")
    odoo_env.setenv("ODOO_URL", URL)
    odoo_env.setenv("ODOO_DB", "hc17")
    odoo_env.setenv("ODOO_USER", "admin")
    # When collecting
    call_command("collect", "--protocol", "jsonrpc", "--concurrency", "2")
    # Then the snapshot is registered with programme odoo-hc17
    record = EvidenceSnapshot.objects.get()
    assert record.programme.key == "odoo-hc17"
    assert record.database == "hc17"
    assert record.odoo_url == URL
    assert record.row_counts == {
        "ir.module.module": 93,
        "purchase.order": 11,
        "res.company": 2,
        "stock.move": 47,
        "uom.uom": 26,
    }
    output = capsys.readouterr().out
    assert "stock.move" in output
    assert record.snapshot_id in output
    assert TEST_SECRET not in output


@pytest.mark.django_db
def test_programme_key_can_be_chosen(odoo_env):
    _replay_odoo(odoo_env, "jsonrpc_collect_hc17")
    call_command(
        "collect",
        "--url",
        URL,
        "--db",
        "hc17",
        "--user",
        "admin",
        "--programme",
        "north-wave",
        "--concurrency",
        "2",
    )
    assert EvidenceSnapshot.objects.get().programme.key == "north-wave"


def test_without_a_password_and_no_terminal_it_says_what_to_set(odoo_env, monkeypatch):
    monkeypatch.delenv("ODOO_PASSWORD")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError) as caught:
        call_command("collect", "--url", URL, "--db", "hc17", "--user", "admin")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        "no Odoo password: set ODOO_PASSWORD (or ODOO_PASSWORD_FILE, or ODOO_API_KEY) "
        "in the environment"
    )


def test_password_file_is_read(odoo_env, tmp_path):
    from caregate.evidence.management.commands.collect import odoo_secret

    odoo_env.delenv("ODOO_PASSWORD")
    secret_file = tmp_path / "odoo-password"
    secret_file.write_text("from-a-file\n")
    odoo_env.setenv("ODOO_PASSWORD_FILE", str(secret_file))
    secret = odoo_secret("admin", URL)
    assert (secret.kind, secret.reveal()) == ("password", "from-a-file")


def test_api_key_is_preferred(odoo_env):
    from caregate.evidence.management.commands.collect import odoo_secret

    odoo_env.setenv("ODOO_API_KEY", "key-123")
    secret = odoo_secret("admin", URL)
    assert (secret.kind, secret.reveal()) == ("api_key", "key-123")


def test_missing_database_setting_is_named(odoo_env):
    with pytest.raises(CommandError, match=r"^no Odoo db: pass --db or set ODOO_DB$"):
        call_command("collect", "--url", URL, "--user", "admin")


@pytest.mark.django_db
def test_odoo_errors_become_one_line_command_errors(odoo_env):
    _replay_odoo(odoo_env, "jsonrpc_wrong_password")
    with pytest.raises(CommandError) as caught:
        call_command("collect", "--url", URL, "--db", "hc17", "--user", "admin")
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        "Odoo refused the login 'admin' on database 'hc17': wrong user, password or API key"
    )
    assert not EvidenceSnapshot.objects.exists()
