"""Access levels: what each persona may do, and what the 403 page tells them."""

import pytest

from caregate.programmes.access import grant_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def persona(django_user_model):
    def make(level):
        user = django_user_model.objects.create_user(level, password="not-used-42")
        grant_access(user, level)
        return django_user_model.objects.get(pk=user.pk)  # fresh permission cache

    return make


def test_the_pmo_maintains_every_register_but_not_the_audit_trail(persona):
    pmo = persona("pmo")

    assert pmo.has_perm("gaps.change_gap")
    assert pmo.has_perm("training.add_champion")
    assert pmo.has_perm("training.change_champion")
    assert not pmo.has_perm("audit.change_auditentry")
    assert not pmo.has_perm("gaps.delete_gap")


def test_a_viewer_only_reads(persona):
    viewer = persona("viewer")

    assert viewer.has_perm("gaps.view_gap")
    assert not viewer.has_perm("gaps.change_gap")
    assert not viewer.has_perm("gates.add_signoff")


def test_the_403_page_names_the_access_level_that_is_too_low(persona, client):
    client.force_login(persona("viewer"))

    response = client.get("/gaps/new/")

    assert response.status_code == 403
    assert "Your access level (caregate-viewer) does not allow" in response.content.decode()


def test_the_403_page_for_someone_outside_every_group(django_user_model, client):
    client.force_login(django_user_model.objects.create_user("outsider"))

    response = client.get("/")

    assert response.status_code == 403
    assert "not in any Caregate access group" in response.content.decode()
