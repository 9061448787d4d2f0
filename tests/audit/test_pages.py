"""The audit trail pages and the history fragment."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.template.loader import render_to_string
from django.urls import reverse

from caregate.audit.models import AuditEntry
from caregate.audit.services import AuditTarget, history, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(signer, other_user):
    record(
        signer,
        "update",
        AuditTarget("gates.criterion", "1", "Access admins"),
        changes={"threshold": [2, 4]},
        reason="Two sites need a local admin",
    )
    record(
        other_user,
        "sign",
        AuditTarget("gates.gate", "3", "Go-live"),
        changes={"meaning": [None, "approved"]},
    )
    record(None, "create", AuditTarget("gates.criterion", "2", "DR tested"))


@pytest.fixture
def auditor(django_user_model):
    user = django_user_model.objects.create_user("auditor", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry"))
    return user


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(reverse("audit:entries"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_users_without_the_permission_get_403(client, other_user):
    client.force_login(other_user)

    assert client.get(reverse("audit:entries")).status_code == 403
    assert client.get(reverse("audit:verify")).status_code == 403


def test_the_trail_lists_entries_newest_first(client, auditor, entries):
    client.force_login(auditor)

    response = client.get(reverse("audit:entries"))

    assert response.status_code == 200
    assert [entry.sequence for entry in response.context["entries"]] == [3, 2, 1]
    html = response.content.decode()
    assert '<th scope="col">Sequence</th>' in html
    assert '<label for="filter-action">Action</label>' in html
    assert "Two sites need a local admin" in html


def test_the_trail_filters_by_record_type_actor_and_action(client, auditor, entries):
    client.force_login(auditor)
    url = reverse("audit:entries")

    by_model = client.get(url, {"target_model": "gates.criterion"}).context["entries"]
    by_actor = client.get(url, {"actor": "tom"}).context["entries"]
    by_action = client.get(url, {"action": "create"}).context["entries"]

    assert [entry.sequence for entry in by_model] == [3, 1]
    assert [entry.sequence for entry in by_actor] == [2]
    assert [entry.sequence for entry in by_action] == [3]


def test_staff_see_the_trail_paginated(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    for number in range(51):
        record(None, "create", AuditTarget("gates.criterion", str(number), "c"))
    client.force_login(staff)

    second = client.get(reverse("audit:entries"), {"page": 2})

    assert [entry.sequence for entry in second.context["entries"]] == [1]
    assert "Page 2 of 2" in second.content.decode()


def test_the_verify_page_shows_an_intact_and_a_broken_chain(client, auditor, entries):
    client.force_login(auditor)

    intact = client.get(reverse("audit:verify")).content.decode()
    AuditEntry.objects.filter(sequence=3).delete()
    broken = client.get(reverse("audit:verify")).content.decode()

    assert "3 entries verified: the chain is intact." in intact
    assert "The chain is broken." in broken
    assert "the last entry is missing" in broken


def test_the_history_fragment_shows_one_records_changes(entries):
    html = render_to_string(
        "audit/_history.html",
        {"entries": history(AuditTarget("gates.criterion", "1", "Access admins"))},
    )

    assert '<th scope="col">Changes</th>' in html
    assert "<code>threshold</code>: 2" in html
    assert "Two sites need a local admin" in html
    assert "anja" in html
