"""A programme with gates, two sites, two waves and people, and logins at two access levels.

Shared by the register test folders (raid, training, health) through their conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from caregate.programmes.access import ensure_access_groups, grant_access
from caregate.programmes.models import LegalEntity, Person, Site, Wave
from caregate.programmes.services import get_or_create_programme


@pytest.fixture
def programme(db):
    programme = get_or_create_programme("acme", "Acme Care", go_live_date=dt.date(2026, 6, 1))
    entity = LegalEntity.objects.create(programme=programme, name="Acme BV")
    hospital = Site.objects.create(
        programme=programme,
        entity=entity,
        code="hos",
        name="Acme Hospital",
        kind=Site.Kind.HOSPITAL,
    )
    store = Site.objects.create(
        programme=programme,
        entity=entity,
        code="wh",
        name="Acme Warehouse",
        kind=Site.Kind.WAREHOUSE,
    )
    lab = Site.objects.create(
        programme=programme,
        entity=entity,
        code="lab",
        name="Acme Lab",
        kind=Site.Kind.LABORATORY,
    )
    first = Wave.objects.create(
        programme=programme,
        number=1,
        name="First",
        phasing=Wave.Phasing.SITE,
        go_live_date=dt.date(2026, 6, 1),
    )
    first.sites.set([hospital, store])
    second = Wave.objects.create(
        programme=programme,
        number=2,
        name="Second",
        phasing=Wave.Phasing.SITE,
        go_live_date=dt.date(2026, 9, 1),
    )
    second.sites.set([lab])
    for name in ("Ada Owner", "Ben Buyer"):
        Person.objects.create(programme=programme, name=name)
    return programme


@pytest.fixture
def people(programme):
    return {person.name: person for person in programme.people.all()}


def login(client, username: str, level: str):
    user = get_user_model().objects.create_user(username)  # no password: no slow hashing
    grant_access(user, level, ensure_access_groups())
    client.force_login(user)
    return user


@pytest.fixture
def viewer_client(client, programme):
    login(client, "vera", "viewer")
    return client


@pytest.fixture
def owner_client(client, programme):
    login(client, "olga", "process_owner")
    return client
