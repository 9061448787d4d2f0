"""Shared test data for the customization, design-authority and decision-log tests."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from caregate.gaps.models import Gap
from caregate.programmes.access import ensure_access_groups, grant_access
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme

PASSWORD = "correct horse battery staple"
AS_OF = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 2)


def person(programme, name, *roles, username=None, access="process_owner", groups=None):
    """A programme member holding ``roles``; with a login when ``username`` is given."""
    user = None
    if username:
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        grant_access(user, access, groups)
    member = Person.objects.create(programme=programme, name=name, user=user)
    for role in roles:
        RoleAssignment.objects.create(person=member, role=role)
    return member


def make_world():
    """A programme with a board member (login "martin"), a PMO ("tom"), an owner, two gaps."""
    programme = get_or_create_programme("dat", "Design authority tests")
    procurement = programme.workstreams.get(key="procurement-supply")
    groups = ensure_access_groups()
    people = {
        "board": person(
            programme, "Martin Vogel", Role.DESIGN_AUTHORITY, username="martin", groups=groups
        ),
        "pmo": person(
            programme, "Tom Okafor", Role.PMO, username="tom", access="pmo", groups=groups
        ),
        "owner": person(
            programme, "Grace Lindqvist", Role.PROCESS_OWNER, username="grace", groups=groups
        ),
        "architect": person(programme, "Priya Raman", Role.SOLUTION_ARCHITECT),
        "security": person(programme, "Sara Nilsen", Role.SECURITY_OFFICER),
    }
    gaps = [
        Gap.objects.create(
            programme=programme,
            reference=f"GAP-{number:04d}",
            workstream=procurement,
            title=f"Gap {number}",
            criticality="high",
        )
        for number in (1, 2)
    ]
    return programme, people, gaps
