"""The admin saves gaps through the services: audited, and the register's rules apply."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from caregate.audit.services import history
from caregate.gaps.models import Gap


@pytest.fixture
def admin_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org"))
    return client


def _form(programme, people, **changes):
    data = {
        "programme": programme.pk,
        "reference": "GAP-0100",
        "workstream": programme.workstreams.get(key="procurement-supply").pk,
        "process_area": "Theatres",
        "title": "Consignment stock in theatres",
        "description": "",
        "criticality": "high",
        "compliance_impact": "medium",
        "workaround": "difficult",
        "owner": people["Grace Lindqvist"].pk,
        "resolution_path": "",
        "status": "open",
        "target_gate": "",
        "raised_on": "",
        "due_date": "",
    }
    data.update(changes)
    return data


def test_admin_add_is_audited_with_the_priority(programme, people, admin_client):
    response = admin_client.post(reverse("admin:gaps_gap_add"), _form(programme, people))

    assert response.status_code == 302
    gap = Gap.objects.get(reference="GAP-0100")
    assert (gap.priority_score, gap.priority_band) == (62, "P2")
    [entry] = history(gap)
    assert (entry.action, entry.actor_name, entry.reason) == (
        "create",
        "root",
        "raised in the admin",
    )


def test_admin_refuses_a_technical_owner(programme, people, admin_client):
    response = admin_client.post(
        reverse("admin:gaps_gap_add"), _form(programme, people, owner=people["Priya Raman"].pk)
    )

    assert response.status_code == 200
    assert "owner" in response.context["adminform"].form.errors
    assert Gap.objects.count() == 0


def test_admin_change_records_the_difference(programme, people, admin_client):
    admin_client.post(reverse("admin:gaps_gap_add"), _form(programme, people))
    gap = Gap.objects.get(reference="GAP-0100")
    data = _form(programme, people, resolution_path="customization")
    del data["programme"]

    response = admin_client.post(reverse("admin:gaps_gap_change", args=[gap.pk]), data)

    assert response.status_code == 302
    latest = history(gap).first()
    assert (latest.action, latest.changes) == ("update", {"resolution_path": ["", "customization"]})
