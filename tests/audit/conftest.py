"""Users who sign, a programme whose gates they sign, and fast password hashing."""

from __future__ import annotations

import pytest

from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's full work factor costs ~0.5 s per check; the tests check dozens.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def signer(django_user_model):
    return django_user_model.objects.create_user("anja", password=PASSWORD)


@pytest.fixture
def other_user(django_user_model):
    return django_user_model.objects.create_user("tom", password="another password 42")


@pytest.fixture
def programme():
    return get_or_create_programme("aud", "Audit trail programme")


@pytest.fixture
def test_lead(programme, signer):
    """The signer's Person in the programme, holding the test lead role."""
    person = Person.objects.create(programme=programme, name="Anja Petrovic", user=signer)
    RoleAssignment.objects.create(person=person, role=Role.TEST_LEAD)
    return person
