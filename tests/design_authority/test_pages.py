"""Pages of the three registers: fixed query counts, signed forms, corrections."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caregate.customizations.services import create_customization
from caregate.decisions.models import DecisionLogEntry
from caregate.design_authority.models import ChangeRequest
from caregate.design_authority.services import create_change_request, record_decision
from caregate.gates.services import record_signoff
from caregate.programmes.models import Role
from tests.design_authority.factories import AS_OF, PASSWORD, TODAY

pytestmark = pytest.mark.django_db


def add_requests(programme, count, start=0):
    for number in range(start, start + count):
        create_change_request(
            programme,
            None,
            title=f"Request {number}",
            kind="report",
            submitted_on=TODAY - dt.timedelta(days=number % 40),
            business_value=1 + number % 5,
            compliance_impact=2,
            maintainability=3,
        )


def add_customizations(programme, people, gaps, count, start=0):
    for number in range(start, start + count):
        customization = create_customization(
            programme,
            None,
            gaps=gaps,
            title=f"Customization {number}",
            kind="report",
            business_owner=people["owner"],
        )
        record_decision(customization, people["board"], "deferred", "Later.", conditions="Tests.")


def add_log_entries(programme, people, count):
    gate = programme.gates.get(key="go-live")
    for _ in range(count):
        record_signoff(gate, people["pmo"], Role.PMO, "approved", signed_at=AS_OF)


def queries(client, url):
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "grow"),
    [
        (
            "design_authority:list",
            lambda programme, people, gaps, n, s: add_requests(programme, n, s),
        ),
        (
            "design_authority:agenda",
            lambda programme, people, gaps, n, s: add_requests(programme, n, s),
        ),
        (
            "customizations:list",
            lambda programme, people, gaps, n, s: add_customizations(programme, people, gaps, n, s),
        ),
        (
            "decisions:log",
            lambda programme, people, gaps, n, s: add_log_entries(programme, people, n),
        ),
    ],
)
def test_list_pages_cost_the_same_queries_whatever_the_size(world, client, url_name, grow):
    programme, people, gaps = world
    client.force_login(people["owner"].user)
    url = reverse(url_name)
    grow(programme, people, gaps, 3, 0)
    small = queries(client, url)
    grow(programme, people, gaps, 20, 3)
    large = queries(client, url)

    assert large == small


def test_change_request_list_searches_filters_and_sorts(world, client):
    programme, people, _gaps = world
    client.force_login(people["owner"].user)
    add_requests(programme, 6)
    ChangeRequest.objects.filter(reference="CR-0002").update(status="rejected")

    html = client.get(reverse("design_authority:list"), {"status": "rejected"}).content.decode()
    by_score = client.get(reverse("design_authority:list"), {"sort": "-score"}).context["listing"]

    assert "CR-0002" in html and "CR-0003" not in html
    assert [each.reference for each in by_score.page.object_list][:2] == ["CR-0005", "CR-0004"]


def test_a_board_member_signs_a_decision_in_the_page(world, client):
    programme, people, _gaps = world
    add_requests(programme, 1)
    client.force_login(people["board"].user)
    url = reverse("design_authority:decide", args=["CR-0001"])

    wrong = client.post(url, {"outcome": "approved", "rationale": "Yes.", "password": "nope"})
    right = client.post(url, {"outcome": "approved", "rationale": "Yes.", "password": PASSWORD})

    assert wrong.status_code == 400
    assert "wrong password" in wrong.content.decode()
    assert right.status_code == 302
    assert ChangeRequest.objects.get(reference="CR-0001").status == "approved"
    assert DecisionLogEntry.objects.get(programme=programme).signature is not None


def test_someone_off_the_board_is_refused_in_the_page(world, client):
    programme, people, _gaps = world
    add_requests(programme, 1)
    client.force_login(people["owner"].user)  # process-owner access, but not on the board

    response = client.post(
        reverse("design_authority:decide", args=["CR-0001"]),
        {"outcome": "approved", "rationale": "Yes.", "password": PASSWORD},
    )

    assert response.status_code == 400
    assert "not a member of the design-authority board" in response.content.decode()
    assert ChangeRequest.objects.get(reference="CR-0001").status == "submitted"


def test_customization_detail_lists_what_is_missing_and_its_history(world, client):
    programme, people, gaps = world
    create_customization(programme, None, gaps=gaps, title="Feed", kind="integration")
    client.force_login(people["owner"].user)

    html = client.get(reverse("customizations:detail", args=["CUS-0001"])).content.decode()

    assert "Not fully approved" in html
    assert "a named business owner" in html
    assert "the design authority&#x27;s approval" in html
    assert "GAP-0002" in html
    assert 'id="audit-history-heading"' in html


def test_correct_this_entry_creates_a_new_entry(world, client):
    programme, people, _gaps = world
    add_log_entries(programme, people, 1)
    client.force_login(people["pmo"].user)

    response = client.post(
        reverse("decisions:correct", args=["DL-0001"]),
        {"rationale": "Signed for the wrong gate.", "summary": "", "outcome": "withdrawn"},
    )
    page = client.get(reverse("decisions:detail", args=["DL-0001"])).content.decode()

    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=["DL-0002"])
    correction = DecisionLogEntry.objects.get(reference="DL-0002")
    assert correction.corrects.reference == "DL-0001"
    assert "This entry has been corrected by" in page


def test_a_viewer_cannot_post_decisions_or_corrections(world, client, django_user_model):
    programme, people, _gaps = world
    from caregate.programmes.access import grant_access

    viewer = django_user_model.objects.create_user("viewer", password=PASSWORD)
    grant_access(viewer, "viewer")
    add_requests(programme, 1)
    add_log_entries(programme, people, 1)
    client.force_login(viewer)

    decide = client.post(reverse("design_authority:decide", args=["CR-0001"]), {})
    correct = client.post(reverse("decisions:correct", args=["DL-0001"]), {})
    agenda = client.get(reverse("design_authority:agenda"))

    assert (decide.status_code, correct.status_code, agenda.status_code) == (403, 403, 200)


def test_admin_shows_the_log_read_only(world, client, django_user_model):
    programme, people, _gaps = world
    add_log_entries(programme, people, 1)
    admin = django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.force_login(admin)
    entry = DecisionLogEntry.objects.get()

    listing = client.get(reverse("admin:decisions_decisionlogentry_changelist"))
    change = client.post(
        reverse("admin:decisions_decisionlogentry_change", args=[entry.pk]), {"summary": "x"}
    )
    delete = client.post(reverse("admin:decisions_decisionlogentry_delete", args=[entry.pk]))

    assert listing.status_code == 200
    assert change.status_code == 403
    assert delete.status_code == 403
    assert DecisionLogEntry.objects.get().summary == entry.summary
