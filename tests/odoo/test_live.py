"""Against a real Odoo (marker ``odoo``): skipped unless ODOO_URL, ODOO_DB, ODOO_USER
and ODOO_PASSWORD are set. ODOO_DB is the database with demo data and the
inventory app (hc17); ODOO_DB_WITHOUT_INVENTORY (default hc17_inst) one without.

    ODOO_URL=http://127.0.0.1:8069 ODOO_DB=hc17 ODOO_USER=admin ODOO_PASSWORD=admin \\
        .venv/bin/python -m pytest tests/odoo -m odoo
"""

from __future__ import annotations

import os

import pytest
from django.core.management import call_command

from caregate.evidence.collection import collect_snapshot
from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.snapshot import Snapshot
from caregate.evidence.spec import MODEL_SPECS
from caregate.odoo.client import OdooClient, Secret
from caregate.odoo.errors import MissingModel

SETTINGS = ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD")

pytestmark = [
    pytest.mark.odoo,
    pytest.mark.skipif(
        not all(os.environ.get(name) for name in SETTINGS),
        reason="set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD to test against a live Odoo",
    ),
]


def _client(database: str | None = None) -> OdooClient:
    return OdooClient(
        os.environ["ODOO_URL"],
        database or os.environ["ODOO_DB"],
        os.environ["ODOO_USER"],
        Secret(os.environ["ODOO_PASSWORD"]),
    ).connect()


def test_full_collection_matches_the_server_counts(tmp_path):
    # Given the live database, when every model is collected
    with _client() as client:
        path = collect_snapshot(client, tmp_path)
        snapshot = Snapshot.open(path)  # verifies every hash
        skipped = {entry["model"] for entry in snapshot.manifest["skipped_models"]}
        # Then each model holds exactly what Odoo counts with the same domain and context
        companies = [company["id"] for company in snapshot.manifest["companies"]]
        for spec in MODEL_SPECS:
            if spec.model in skipped:
                continue
            context = {"allowed_company_ids": companies}
            if spec.include_archived:
                context["active_test"] = False
            domain = [list(term) for term in spec.domain]
            expected = client.search_count(spec.model, domain, context=context)
            assert snapshot.row_count(spec.model) == expected, spec.model
    assert snapshot.manifest["source"]["database"] == os.environ["ODOO_DB"]
    assert snapshot.row_count("stock.move") > 0


def test_database_without_inventory_app_raises_missing_model(tmp_path):
    database = os.environ.get("ODOO_DB_WITHOUT_INVENTORY", "hc17_inst")
    with _client(database) as client, pytest.raises(MissingModel) as caught:
        collect_snapshot(client, tmp_path)
    assert caught.value.module == "stock"
    assert "the Inventory app (module stock) is not installed" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_collect_command_end_to_end(tmp_path, settings, capsys):
    settings.SNAPSHOT_DIR = tmp_path
    call_command("collect", "--programme", "live-odoo")
    record = EvidenceSnapshot.objects.get(programme__key="live-odoo")
    assert Snapshot.open(record.path).row_count("stock.move") == record.row_counts["stock.move"]
    assert record.path in capsys.readouterr().out.replace("\n", "")
