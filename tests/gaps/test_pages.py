"""Gap register pages: list (fixed query count), detail with history, create and edit."""

import pytest
from django.urls import reverse

from caregate.audit.services import history
from caregate.gaps.models import Gap
from caregate.gaps.services import create_gap

from .conftest import make_gaps


@pytest.fixture
def viewer_client(client, users):
    client.force_login(users["viewer"])
    return client


def _references(response) -> list[str]:
    return [gap.reference for gap in response.context["listing"].page.object_list]


def _list_queries(client, django_assert_num_queries, expected: int, query: str = ""):
    with django_assert_num_queries(expected):
        response = client.get(reverse("gaps:list") + query)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?sort=reference&page=2",
        "?sort=-criticality&criticality=high",
        "?q=Area+3&sort=due&status=open&path=undecided",
        "?owner=1&workstream=2&sort=-due",
    ],
)
def test_list_costs_the_same_queries_for_5_or_120_gaps(
    programme, people, viewer_client, django_assert_num_queries, query
):
    # Given 5 gaps (GAP-0003 not decided yet), a page costs 9 queries
    make_gaps(programme, people["Grace Lindqvist"], 5)
    Gap.objects.filter(reference="GAP-0003").update(resolution_path="")
    workstream = Gap.objects.get(reference="GAP-0001").workstream_id
    query = query.format(owner=people["Grace Lindqvist"].pk, ws=workstream)
    response = _list_queries(viewer_client, django_assert_num_queries, 9, query)

    # When the register grows to 120 gaps (three pages)
    make_gaps(programme, people["Grace Lindqvist"], 115, start=6)

    # Then a page still costs the same 9 queries: session, user, permissions (2),
    # programmes, workstreams, owners, count, rows
    assert response.context["listing"].total >= 1
    _list_queries(viewer_client, django_assert_num_queries, 9, query)


def test_list_sorts_by_priority_by_default_and_paginates(programme, people, viewer_client):
    make_gaps(programme, people["Grace Lindqvist"], 60)

    first = viewer_client.get(reverse("gaps:list"))
    by_reference = viewer_client.get(reverse("gaps:list") + "?sort=reference&page=2")

    scores = [gap.priority_score for gap in first.context["listing"].page.object_list]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 100
    assert first.context["listing"].total == 60
    assert _references(by_reference) == [f"GAP-{n:04d}" for n in range(51, 61)]


def test_list_filters_search_and_sorts_by_criticality_meaning(programme, people, viewer_client):
    make_gaps(programme, people["Grace Lindqvist"], 8)
    Gap.objects.filter(reference="GAP-0003").update(resolution_path="")

    critical_first = viewer_client.get(reverse("gaps:list") + "?sort=-criticality")
    undecided = viewer_client.get(reverse("gaps:list") + "?path=undecided")
    high = viewer_client.get(reverse("gaps:list") + "?criticality=high&sort=reference")
    searched = viewer_client.get(reverse("gaps:list") + "?q=number+7")

    assert _references(critical_first)[:2] == ["GAP-0008", "GAP-0004"]  # critical, newest first
    assert _references(undecided) == ["GAP-0003"]
    assert _references(high) == ["GAP-0001", "GAP-0005"]
    assert _references(searched) == ["GAP-0007"]


def test_detail_shows_the_gap_and_its_history(programme, people, users, viewer_client):
    gap = create_gap(
        programme,
        users["pmo"],
        "fit-gap workshop",
        workstream=programme.workstreams.first(),
        title="Lot recall across sites",
        criticality="high",
        compliance_impact="regulatory",
        workaround="difficult",
        owner=people["Grace Lindqvist"],
    )

    response = viewer_client.get(reverse("gaps:detail", args=[gap.reference]))

    assert response.status_code == 200
    assert [entry.reason for entry in response.context["entries"]] == ["fit-gap workshop"]
    html = response.content.decode()
    assert "Lot recall across sites" in html
    assert "P1" in html and "score 77 of 100" in html
    assert response.context["can_change"] is False


def test_viewer_cannot_create_or_edit(programme, people, viewer_client):
    make_gaps(programme, None, 1)

    assert viewer_client.get(reverse("gaps:create")).status_code == 403
    assert viewer_client.get(reverse("gaps:edit", args=["GAP-0001"])).status_code == 403


def test_anonymous_goes_to_login(client, programme):
    response = client.get(reverse("gaps:list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_process_owner_raises_a_gap_through_the_form(programme, people, users, client):
    client.force_login(users["owner"])
    workstream = programme.workstreams.get(key="procurement-supply")

    response = client.post(
        reverse("gaps:create"),
        {
            "reference": "",
            "workstream": workstream.pk,
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
            "raised_on": "2026-03-02",
            "due_date": "",
            "reason": "walkthrough",
        },
    )

    gap = Gap.objects.get(programme=programme)
    assert response.status_code == 302
    assert response.url == reverse("gaps:detail", args=["GAP-0001"])
    assert (gap.title, gap.owner.name, gap.priority_score) == (
        "Consignment stock in theatres",
        "Grace Lindqvist",
        62,
    )
    assert [entry.actor_name for entry in history(gap)] == ["owner"]


def test_edit_refuses_a_technical_owner_and_stores_nothing(programme, people, users, client):
    client.force_login(users["pmo"])
    [gap] = make_gaps(programme, people["Grace Lindqvist"], 1)
    data = {
        "reference": gap.reference,
        "workstream": gap.workstream_id,
        "process_area": "",
        "title": gap.title,
        "description": "",
        "criticality": gap.criticality,
        "compliance_impact": gap.compliance_impact,
        "workaround": gap.workaround,
        "owner": people["Priya Raman"].pk,
        "resolution_path": "customization",
        "status": "resolved",
        "target_gate": "",
        "raised_on": "",
        "due_date": "",
        "reason": "",
    }

    response = client.post(reverse("gaps:edit", args=[gap.reference]), data)

    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert Gap.objects.get(pk=gap.pk).owner == people["Grace Lindqvist"]
    assert list(history(gap)) == []


def test_edit_form_reports_a_missing_resolution_path(programme, people, users, client):
    client.force_login(users["pmo"])
    [gap] = make_gaps(programme, people["Grace Lindqvist"], 1)
    data = {
        "reference": gap.reference,
        "workstream": gap.workstream_id,
        "title": gap.title,
        "criticality": "high",
        "compliance_impact": "none",
        "workaround": "easy",
        "owner": "",
        "resolution_path": "",
        "status": "resolution_agreed",
    }

    response = client.post(reverse("gaps:edit", args=[gap.reference]), data)

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["resolution_path"]


def test_gap_register_is_listed_on_the_registers_page(users, viewer_client):
    response = viewer_client.get(reverse("core:registers"))

    assert reverse("gaps:list") in response.content.decode()


def test_detail_costs_the_same_queries_with_one_or_five_history_entries(
    programme, people, users, viewer_client, django_assert_num_queries
):
    from caregate.gaps.services import update_gap

    gap = create_gap(
        programme,
        users["pmo"],
        workstream=programme.workstreams.first(),
        title="A",
        criticality="high",
        owner=people["Grace Lindqvist"],
    )
    url = reverse("gaps:detail", args=[gap.reference])
    with django_assert_num_queries(7):  # session, user, permissions (2), programmes, gap, history
        viewer_client.get(url)

    for title in ("B", "C", "D", "E"):
        update_gap(gap, users["pmo"], title=title)

    with django_assert_num_queries(7):
        response = viewer_client.get(url)
    assert len(response.context["entries"]) == 5
