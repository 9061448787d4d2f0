"""A small programme with one assessed snapshot, and the people who look at it.

The snapshot holds 70 product templates: 65 in a critical category, of which
only templates 1-5 have a vendor, so the blocking criterion "Every critical
product has a vendor" fails with exactly templates 6-65 (two evidence pages).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from caregate.evidence.services import register_snapshot
from caregate.evidence.snapshot import SnapshotWriter, records_to_table
from caregate.evidence.spec import ODOO17_FIELD_TYPES
from caregate.gates.assessment import assess
from caregate.programmes.access import grant_access
from caregate.programmes.services import get_or_create_programme


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "own_snapshot: the test gets its own snapshot folder (it damages it)"
    )


COLLECTED_AT = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
FLAGGED_TEMPLATE_IDS = list(range(6, 66))
PASSWORD = "a-long-test-password-4711"


def _write(writer: SnapshotWriter, model: str, records: list[dict]) -> None:
    types = ODOO17_FIELD_TYPES[model]
    writer.write_model(model, records_to_table(records, types), types)


def write_small_snapshot(root, snapshot_id: str = "20260115T120000Z-webtest-000001"):
    """Write the product snapshot described above; return its folder."""
    with SnapshotWriter(root, snapshot_id) as writer:
        _write(
            writer,
            "product.category",
            [
                {"id": 1, "name": "Office", "complete_name": "All / Office", "parent_id": False},
                {
                    "id": 2,
                    "name": "Sterile",
                    "complete_name": "All / Critical / Sterile",
                    "parent_id": False,
                },
            ],
        )
        _write(
            writer,
            "product.template",
            [
                {
                    "id": template_id,
                    "name": f"Sterile item {template_id:03d}",
                    "default_code": f"STR-{template_id:03d}",
                    "categ_id": 2 if template_id <= 65 else 1,
                    "purchase_ok": True,
                    "priority": "0",
                    "active": True,
                }
                for template_id in range(1, 71)
            ],
        )
        _write(
            writer,
            "product.product",
            [
                {"id": 100 + template_id, "product_tmpl_id": template_id, "active": True}
                for template_id in range(1, 71)
            ],
        )
        _write(
            writer,
            "product.supplierinfo",
            [
                {"id": line, "partner_id": 900, "product_tmpl_id": line, "product_id": False}
                for line in range(1, 6)
            ],
        )
        return writer.finish(
            {
                "collected_at": COLLECTED_AT.isoformat(),
                "source": {
                    "kind": "demo",
                    "database": "webtest",
                    "server_version": "17.0",
                    "url": "",
                },
            }
        )


@pytest.fixture
def programme(db):
    return get_or_create_programme("webtest", "Web test programme", organisation="Test Care")


@pytest.fixture(scope="session")
def shared_snapshot_path(tmp_path_factory):
    """Written once: snapshots are read-only, so tests share the folder."""
    return write_small_snapshot(tmp_path_factory.mktemp("snapshots"))


@pytest.fixture
def snapshot_record(programme, shared_snapshot_path, request):
    if request.node.get_closest_marker("own_snapshot"):
        # The test damages its snapshot folder: give it a copy of its own.
        path = write_small_snapshot(request.getfixturevalue("tmp_path") / "snapshots")
    else:
        path = shared_snapshot_path
    return register_snapshot(programme, path)


@pytest.fixture
def assessment(programme, snapshot_record):
    return assess(
        programme, snapshot_record, as_of=COLLECTED_AT + dt.timedelta(hours=1), trigger="test"
    )


def _user(username: str, level: str | None):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    if level:
        grant_access(user, level)
    return user


@pytest.fixture
def viewer(db):
    return _user("viewer", "viewer")


@pytest.fixture
def pmo(db):
    return _user("pmo", "pmo")


@pytest.fixture
def outsider(db):
    return _user("outsider", None)


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create users with passwords; the production hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
