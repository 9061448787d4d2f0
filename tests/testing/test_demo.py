"""The Northbridge demo test records: SIT done, UAT under way, one open severity-1 defect."""

import datetime as dt

import pytest

from caregate.gates.registers import CONDITIONS
from caregate.programmes.models import LegalEntity, Person, Role, RoleAssignment, Site, Wave
from caregate.programmes.services import get_or_create_programme
from caregate.testing import services
from caregate.testing.demo import OWNERS, build_demo_testing
from caregate.testing.models import Defect, Execution, Scenario, TestCycle

AS_OF = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def demo(db):
    programme = get_or_create_programme("northbridge-test", "Northbridge test")
    entity = LegalEntity.objects.create(programme=programme, name="NB")
    site = Site.objects.create(
        programme=programme, entity=entity, code="hosp", name="Hospital", kind="hospital"
    )
    wave = Wave.objects.create(programme=programme, number=1, name="W1", phasing="site")
    wave.sites.add(site)
    people = {}
    for key, name in OWNERS.items():
        people[name] = Person.objects.create(programme=programme, name=name)
        RoleAssignment.objects.create(
            person=people[name],
            role=Role.PROCESS_OWNER,
            workstream=programme.workstreams.get(key=key),
        )
    people["Anja Petrovic"] = Person.objects.create(programme=programme, name="Anja Petrovic")
    return programme, people, site


def test_demo_builds_two_cycles_and_fails_the_exit_criteria_for_testing_reasons(demo):
    programme, people, site = demo

    build_demo_testing(programme, people, AS_OF)

    assert Scenario.objects.filter(programme=programme).count() == 40
    cycles = list(TestCycle.objects.filter(programme=programme).order_by("name"))
    assert [(c.name, c.kind, c.status, c.site) for c in cycles] == [
        ("SIT wave 1", "sit", "completed", site),
        ("UAT wave 1", "uat", "in_progress", site),
    ]
    executions = Execution.objects.filter(cycle__programme=programme).count()
    assert 250 <= executions <= 350
    assert Defect.objects.filter(programme=programme).count() == 60
    assert CONDITIONS["open_severity1_defects"](programme).labels == [
        "DEF-0001 Lot on quality hold can still be picked for a ward"
    ]
    sit_cov = services.coverage(TestCycle.objects.filter(name="SIT wave 1")).by_cycle
    assert sit_cov[cycles[0].id].counts["passed"] == 40
    uat_not_run = CONDITIONS["acceptance_scenarios_not_run"](programme)
    assert uat_not_run.labels == ["UAT wave 1: 6 of 40 scenarios not run"]
    assert len(CONDITIONS["acceptance_workstreams_not_signed_off"](programme).record_ids) == 4


def test_closed_demo_defects_have_a_passed_retest_after_their_fix(demo):
    programme, people, _site = demo
    build_demo_testing(programme, people, AS_OF)

    closed = Defect.objects.filter(programme=programme, status="closed")

    assert closed.exists()
    without_retest = [d.reference for d in closed if services.retest_passed_after_fix(d) is None]
    assert without_retest == []
