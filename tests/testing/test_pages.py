"""Testing pages: fixed query counts, status table, coverage, forms through the services."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caregate.testing.models import Defect, Execution, TestCycle
from caregate.testing.services import create_defect, record_execution

from .conftest import at, make_scenarios

pytestmark = pytest.mark.django_db

#: Queries per page view, whatever the number of records (session, user and
#: permissions included).
QUERIES = {"cycles": 8, "scenarios": 11, "defects": 8, "cycle": 12}


@pytest.fixture
def viewer_client(client, users):
    client.force_login(users["viewer"])
    return client


@pytest.fixture
def pmo_client(client, users):
    client.force_login(users["pmo"])
    return client


def _fill(programme, uat, count: int, start: int):
    scenarios = make_scenarios(programme, count, start=start)
    uat.scenarios.add(*scenarios)
    Execution.objects.bulk_create(
        Execution(cycle=uat, scenario=s, result="failed", executed_at=at(1)) for s in scenarios
    )
    Defect.objects.bulk_create(
        Defect(programme=programme, reference=f"DEF-{n:04d}", title="d", severity=2, scenario=s)
        for n, s in enumerate(scenarios, start=start)
    )


@pytest.mark.parametrize(
    "name, query, expected",
    [
        ("testing:cycles", "", QUERIES["cycles"]),
        ("testing:scenarios", "?workstream=1&sort=-title", QUERIES["scenarios"]),
        ("testing:defects", "?severity=2&status=open&sort=reference", QUERIES["defects"]),
        ("testing:cycle", "", QUERIES["cycle"]),
    ],
)
def test_pages_cost_a_fixed_number_of_queries_for_few_or_many_records(
    programme, uat, viewer_client, django_assert_num_queries, name, query, expected
):
    url = reverse(name, args=[uat.pk] if name == "testing:cycle" else []) + query
    _fill(programme, uat, 3, 200)
    viewer_client.get(url)  # the first visit may pre-fill the continuity scenarios
    with django_assert_num_queries(expected):
        assert viewer_client.get(url).status_code == 200
    _fill(programme, uat, 80, 300)
    with django_assert_num_queries(expected):
        assert viewer_client.get(url).status_code == 200


def test_cycle_page_shows_status_and_coverage(programme, uat, scenarios, users, viewer_client):
    record_execution(uat, scenarios[0], users["pmo"], result="failed", executed_at=at(1))
    record_execution(uat, scenarios[0], users["pmo"], result="blocked", executed_at=at(2))

    response = viewer_client.get(reverse("testing:cycle", args=[uat.pk]))

    statuses = {row["reference"]: row["status"] for row in response.context["statuses"]}
    assert statuses == {
        "SC-0101": "failed",
        "SC-0102": "not_run",
        "SC-0103": "not_run",
        "SC-0104": "not_run",
    }
    assert sum(cov.in_scope for cov in response.context["coverage"]) == 4
    assert response.context["form"] is None  # a viewer cannot record runs


def test_recording_a_run_out_of_scope_shows_the_service_message(programme, uat, pmo_client):
    outsider = make_scenarios(programme, 1, start=900)[0]

    response = pmo_client.post(
        reverse("testing:cycle", args=[uat.pk]),
        {"scenario": outsider.pk, "result": "passed"},
    )

    assert response.status_code == 400
    assert "scenario SC-0900 is not in scope of cycle" in response.content.decode()
    assert Execution.objects.count() == 0


def test_recording_a_run_from_the_page(uat, scenarios, pmo_client):
    response = pmo_client.post(
        reverse("testing:cycle", args=[uat.pk]),
        {"scenario": scenarios[1].pk, "result": "blocked", "evidence": "env down"},
    )

    assert response.status_code == 302
    execution = Execution.objects.get()
    assert (execution.scenario, execution.result, execution.evidence) == (
        scenarios[1],
        "blocked",
        "env down",
    )


def test_closing_a_defect_without_retest_is_refused_on_the_page(programme, users, pmo_client):
    defect = create_defect(programme, users["pmo"], title="Broken", severity=1)

    response = pmo_client.post(
        reverse("testing:defect", args=[defect.reference]), {"status": "closed"}
    )

    assert response.status_code == 400
    assert "has no scenario to retest" in response.content.decode()
    defect.refresh_from_db()
    assert defect.status == "open"
    history = response.context["entries"]
    assert [entry.action for entry in history] == ["create"]


def test_viewer_cannot_post_a_status_change(programme, users, viewer_client):
    defect = create_defect(programme, users["pmo"], title="Broken", severity=1)

    response = viewer_client.post(
        reverse("testing:defect", args=[defect.reference]), {"status": "rejected", "reason": "x"}
    )

    assert response.status_code == 403


def test_defect_list_filters_by_severity(programme, users, viewer_client):
    create_defect(programme, users["pmo"], title="One", severity=1)
    create_defect(programme, users["pmo"], title="Two", severity=2)

    response = viewer_client.get(reverse("testing:defects") + "?severity=1")

    assert [d.reference for d in response.context["listing"].page.object_list] == ["DEF-0001"]


def test_testing_register_is_in_the_registers_index(viewer_client):
    response = viewer_client.get(reverse("core:registers"))

    assert reverse("testing:cycles") in response.content.decode()


def test_cycle_of_another_programme_is_404(uat, viewer_client):
    other = TestCycle.objects.create(programme=uat.programme, kind="sit", name="Other")
    assert viewer_client.get(reverse("testing:cycle", args=[other.pk + 1])).status_code == 404


def test_cycle_page_filters_statuses_and_pages_them(programme, uat, users, viewer_client):
    many = make_scenarios(programme, 250, start=1000)
    uat.scenarios.add(*many)
    Execution.objects.bulk_create(
        Execution(cycle=uat, scenario=s, result="failed", executed_at=at(1)) for s in many
    )
    url = reverse("testing:cycle", args=[uat.pk])

    first = viewer_client.get(url + "?status=failed")
    second = viewer_client.get(url + "?status=failed&page=2")
    not_run = viewer_client.get(url + "?status=not_run")

    assert len(first.context["statuses"]) == 200
    assert [row["reference"] for row in second.context["statuses"]][:2] == ["SC-1200", "SC-1201"]
    assert len(second.context["statuses"]) == 50
    assert [row["reference"] for row in not_run.context["statuses"]] == [
        "SC-0101",
        "SC-0102",
        "SC-0103",
        "SC-0104",
    ]


def test_a_process_owner_signs_off_from_the_cycle_page(programme, uat, grace, users, client):
    from caregate.testing.models import CycleSignOff

    from .conftest import PASSWORD

    client.force_login(users["owner"])
    page = client.get(reverse("testing:cycle", args=[uat.pk]))
    procurement = programme.workstreams.get(key="procurement-supply")
    assert list(page.context["signoff_form"].fields["workstream"].queryset) == [procurement]
    url = reverse("testing:cycle-signoff", args=[uat.pk])

    wrong = client.post(
        url,
        {"workstream": procurement.pk, "meaning": "approved", "password": "guess"},
        follow=True,
    )
    right = client.post(
        url,
        {"workstream": procurement.pk, "meaning": "approved", "password": PASSWORD},
        follow=True,
    )

    assert "Not signed: wrong password" in wrong.content.decode()
    assert "Signed." in right.content.decode()
    signoff = CycleSignOff.objects.get()
    assert (signoff.person, signoff.workstream, signoff.meaning) == (grace, procurement, "approved")


def test_someone_else_cannot_sign_off_a_workstream_they_do_not_own(
    programme, uat, grace, users, client
):
    from caregate.testing.models import CycleSignOff

    from .conftest import PASSWORD

    client.force_login(users["pmo"])
    procurement = programme.workstreams.get(key="procurement-supply")

    response = client.post(
        reverse("testing:cycle-signoff", args=[uat.pk]),
        {"workstream": procurement.pk, "meaning": "approved", "password": PASSWORD},
        follow=True,
    )

    assert "Choose one of your workstreams" in response.content.decode()
    assert CycleSignOff.objects.count() == 0


def test_pmo_creates_a_scenario_with_steps_a_cycle_and_a_defect(programme, pmo_client):
    from caregate.testing.models import Scenario

    procurement = programme.workstreams.get(key="procurement-supply")
    response = pmo_client.post(
        reverse("testing:scenario-create"),
        {
            "title": "Receive blood products",
            "workstream": procurement.pk,
            "odoo_apps": "Inventory, Quality",
            "priority": "high",
            "steps": "Receive the box => Temperature logged\n\nStore it => Location set",
        },
    )
    scenario = Scenario.objects.get(title="Receive blood products")
    assert response.status_code == 302
    assert scenario.odoo_apps == ["Inventory", "Quality"]
    assert list(scenario.steps.values_list("order", "action", "expected_result")) == [
        (1, "Receive the box", "Temperature logged"),
        (2, "Store it", "Location set"),
    ]

    pmo_client.post(
        reverse("testing:cycle-create"),
        {"name": "UAT 2", "kind": "uat", "scenarios": [scenario.pk]},
    )
    cycle = TestCycle.objects.get(name="UAT 2")
    assert list(cycle.scenarios.all()) == [scenario]

    pmo_client.post(
        reverse("testing:defect-create"),
        {"title": "No temperature", "severity": "1", "priority": "urgent", "scenario": scenario.pk},
    )
    defect = Defect.objects.get()
    assert (defect.reference, defect.severity, defect.scenario) == ("DEF-0001", 1, scenario)


def test_steps_without_an_expected_result_are_refused(programme, pmo_client):
    procurement = programme.workstreams.get(key="procurement-supply")

    response = pmo_client.post(
        reverse("testing:scenario-create"),
        {"title": "X", "workstream": procurement.pk, "priority": "low", "steps": "Just do it"},
    )

    assert response.status_code == 400
    assert "Line 1: write" in response.content.decode()


def test_a_viewer_cannot_open_the_create_forms(viewer_client):
    for name in ("testing:scenario-create", "testing:cycle-create", "testing:defect-create"):
        assert viewer_client.get(reverse(name)).status_code == 403
