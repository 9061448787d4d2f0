"""The Northbridge demo gaps: sixty, valid under the register's rules, two failing the gate."""

import datetime as dt

import pytest

from caregate.gaps.conditions import open_high_gaps_unresolved
from caregate.gaps.demo import GAPS, OWNERS, build_demo_gaps
from caregate.gaps.models import Gap
from caregate.gaps.services import business_owner_ids, rule_problems
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme

AS_OF = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo_people(db):
    programme = get_or_create_programme("northbridge-test", "Northbridge test")
    people = {}
    for workstream_key, name in OWNERS.items():
        person = Person.objects.create(programme=programme, name=name)
        RoleAssignment.objects.create(
            person=person,
            role=Role.PROCESS_OWNER,
            workstream=programme.workstreams.get(key=workstream_key),
        )
        people[name] = person
    sponsor = Person.objects.create(programme=programme, name="Helena Marsh")
    RoleAssignment.objects.create(person=sponsor, role=Role.SPONSOR)
    people["Helena Marsh"] = sponsor
    return programme, people


def test_demo_gaps_follow_the_rules_and_fail_the_gate_on_two_gaps(demo_people):
    programme, people = demo_people

    build_demo_gaps(programme, people, AS_OF)

    gaps = list(Gap.objects.filter(programme=programme).order_by("reference"))
    assert len(gaps) == len(GAPS) == 60
    assert gaps[0].reference == "GAP-0001" and gaps[-1].reference == "GAP-0060"
    owners = {gap.owner_id for gap in gaps if gap.owner_id}
    assert business_owner_ids(owners) == owners
    assert [gap.reference for gap in gaps if rule_problems(gap.__dict__)] == []
    finding = open_high_gaps_unresolved(programme)
    assert finding.labels == [
        "GAP-0007 Lot recall across sites in one view",
        "GAP-0012 Consignment stock in operating theatres",
    ]
    bands = [sum(gap.priority_band == band for gap in gaps) for band in ("P1", "P2", "P3", "P4")]
    assert bands == [11, 17, 16, 16]


def test_the_demo_programme_can_be_deleted_with_its_gaps(demo_people):
    programme, people = demo_people
    build_demo_gaps(programme, people, AS_OF)

    programme.delete()

    assert Gap.objects.count() == 0
