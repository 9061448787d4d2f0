"""A programme with the default method, four people and three logins for the gap register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from caregate.gaps.models import Gap
from caregate.gaps.priority import set_priority, weights_from_settings
from caregate.programmes.access import ensure_access_groups, grant_access
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme

RAISED = dt.date(2026, 3, 2)


@pytest.fixture
def programme(db):
    return get_or_create_programme("gaptest", "Gap test programme")


@pytest.fixture
def people(programme):
    """Grace (process owner), Sam (sponsor), Priya (solution architect), Nobody (no role)."""
    procurement = programme.workstreams.get(key="procurement-supply")
    roles = {
        "Grace Lindqvist": (Role.PROCESS_OWNER, procurement),
        "Sam Adeyemi": (Role.SPONSOR, None),
        "Priya Raman": (Role.SOLUTION_ARCHITECT, None),
        "Nobody": None,
    }
    created = {}
    for name, role in roles.items():
        person = Person.objects.create(programme=programme, name=name)
        if role:
            RoleAssignment.objects.create(person=person, role=role[0], workstream=role[1])
        created[name] = person
    return created


@pytest.fixture
def users(db):
    groups = ensure_access_groups()
    made = {}
    for username, level in (("viewer", "viewer"), ("owner", "process_owner"), ("pmo", "pmo")):
        user = get_user_model().objects.create_user(username)  # no password: fast, force_login
        grant_access(user, level, groups)
        made[username] = user
    return made


def make_gaps(programme, owner, count: int, *, start: int = 1) -> list[Gap]:
    """``count`` gaps GAP-<start>…, ratings cycling so priorities differ (bulk, one query)."""
    workstreams = list(programme.workstreams.all())
    weights = weights_from_settings(programme.evidence_settings)
    criticalities = ["critical", "high", "medium", "low"]
    compliance = ["regulatory", "none", "medium", "high", "low"]
    workarounds = ["none", "easy", "manual"]
    gaps = []
    for index in range(start, start + count):
        gap = Gap(
            programme=programme,
            reference=f"GAP-{index:04d}",
            workstream=workstreams[index % len(workstreams)],
            process_area=f"Area {index % 7}",
            title=f"Gap number {index}",
            criticality=criticalities[index % 4],
            compliance_impact=compliance[index % 5],
            workaround=workarounds[index % 3],
            owner=owner,
            resolution_path="standard_configuration",
            status="open",
            raised_on=RAISED,
            due_date=RAISED + dt.timedelta(days=index % 90),
        )
        set_priority(gap, weights)
        gaps.append(gap)
    return Gap.objects.bulk_create(gaps)
