"""A programme with the default method, a process owner with a password, and a few scenarios."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from caregate.programmes.access import ensure_access_groups, grant_access
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme
from caregate.testing.models import Scenario, TestCycle

PASSWORD = "correct horse battery staple"
T0 = timezone.make_aware(dt.datetime(2026, 5, 4, 9, 0), dt.UTC)


def at(hours: float) -> dt.datetime:
    """T0 plus some hours: run times that sort in the order a test writes them."""
    return T0 + dt.timedelta(hours=hours)


@pytest.fixture
def programme(db):
    return get_or_create_programme("testtest", "Testing test programme")


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    """A cheap hasher: the signatures still check the password, only faster."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def users(db):
    groups = ensure_access_groups()
    made = {}
    for username, level in (("viewer", "viewer"), ("owner", "process_owner"), ("pmo", "pmo")):
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        grant_access(user, level, groups)
        made[username] = user
    return made


@pytest.fixture
def grace(programme, users):
    """Process owner of procurement-supply, logging in as 'owner'."""
    person = Person.objects.create(programme=programme, name="Grace", user=users["owner"])
    RoleAssignment.objects.create(
        person=person,
        role=Role.PROCESS_OWNER,
        workstream=programme.workstreams.get(key="procurement-supply"),
    )
    return person


def make_scenarios(programme, count: int, *, start: int = 1) -> list[Scenario]:
    """``count`` scenarios SC-<start>… cycling over the workstreams (bulk)."""
    workstreams = list(programme.workstreams.order_by("order"))
    return Scenario.objects.bulk_create(
        Scenario(
            programme=programme,
            reference=f"SC-{number:04d}",
            title=f"Scenario {number}",
            workstream=workstreams[number % len(workstreams)],
        )
        for number in range(start, start + count)
    )


@pytest.fixture
def scenarios(programme):
    return make_scenarios(programme, 4, start=101)


@pytest.fixture
def uat(programme, scenarios):
    cycle = TestCycle.objects.create(programme=programme, kind="uat", name="UAT 1")
    cycle.scenarios.set(scenarios)
    return cycle
