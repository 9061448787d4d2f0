"""The server-rendered pages: who may see them, what they show, how many queries they cost."""

from __future__ import annotations

import re
import shutil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caregate.gates.assessment import assess
from caregate.gates.models import CriterionResult
from caregate.gates.services import record_signoff, revise_criterion
from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.programmes.services import get_or_create_programme
from tests.web.conftest import COLLECTED_AT, FLAGGED_TEMPLATE_IDS, PASSWORD

CRITICAL_TITLE = "Every critical product has a vendor"
CRITICAL_REASON = "60 of 65 critical products have no vendor."


def _result(assessment, criterion_key: str, gate_key: str = "migration-and-test"):
    return CriterionResult.objects.get(
        verdict__assessment=assessment, criterion__key=criterion_key, verdict__gate__key=gate_key
    )


def _record_ids_in_table(html: str) -> list[int]:
    table = html.split('<table class="records">', 1)[1].split("</table>", 1)[0]
    return [int(value) for value in re.findall(r'<th scope="row">(\d+)</th>', table)]


def _page_urls(assessment):
    result = _result(assessment, "critical-products-supplied")
    return [
        reverse("core:control-tower"),
        reverse("core:gate", args=["migration-and-test"]),
        reverse("core:evidence", args=[result.pk]),
        reverse("core:assessments"),
        reverse("core:snapshots"),
        reverse("core:report", args=[assessment.pk]),
    ]


# -- access -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, assessment):
    for url in _page_urls(assessment):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_user_outside_every_caregate_group_gets_the_403_page(client, outsider, assessment):
    client.force_login(outsider)
    for url in _page_urls(assessment):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You have no access to this page" in response.content.decode()


def test_every_page_opens_for_a_viewer_and_a_pmo(client, viewer, pmo, assessment):
    for user in (viewer, pmo):
        client.force_login(user)
        for url in _page_urls(assessment):
            assert client.get(url).status_code == 200, (user.username, url)


def test_login_page_logs_a_viewer_in_and_logout_is_a_post(client, viewer, assessment):
    page = client.get(reverse("login"))
    html = page.content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html

    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:control-tower")
    assert client.get(reverse("core:control-tower")).status_code == 200

    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("core:control-tower")).status_code == 302


# -- control tower ----------------------------------------------------------------------


def test_control_tower_shows_the_failing_blocking_criterion_with_its_evidence_link(
    viewer_client, assessment
):
    result = _result(assessment, "critical-products-supplied")

    html = viewer_client.get(reverse("core:control-tower")).content.decode()

    assert "Web test programme" in html
    assert "NOT READY" in html
    assert CRITICAL_TITLE in html
    assert CRITICAL_REASON in html
    assert result.measured_text.startswith("60 ")
    assert f"<dd>{result.measured_text}</dd>" in html
    assert f"<dd>{result.threshold_text}</dd>" in html
    assert "Add a vendor price line (product.supplierinfo) to each listed product." in html
    assert f'href="{reverse("core:evidence", args=[result.pk])}"' in html
    assert "20260115T120000Z-webtest-000001" in html
    # Collected 12:00 UTC is shown in the site's zone (Europe/Amsterdam, CET in January).
    assert "2026-01-15 13:00 CET" in html
    assert "Times are shown in Europe/Amsterdam." in html


def test_control_tower_lists_blocking_failures_before_advisory_ones(viewer_client, assessment):
    html = viewer_client.get(reverse("core:control-tower")).content.decode()
    card = html.split('id="gate-design-authority"', 1)[1].split("</section>", 1)[0]
    blocking = card.index("Every workstream has a named process owner")
    advisory = card.index("Purchase units are in the same category as stock units")
    assert blocking < advisory


def test_control_tower_query_count_does_not_grow_with_history(
    viewer_client, programme, snapshot_record, assessment, django_assert_max_num_queries
):
    url = reverse("core:control-tower")
    viewer_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as first:
        viewer_client.get(url)
    for _ in range(3):
        assess(programme, snapshot_record, as_of=COLLECTED_AT, trigger="test")
    with CaptureQueriesContext(connection) as later:
        response = viewer_client.get(url)

    assert len(later) == len(first)
    assert response.content.decode().count('<tr class="current">') == 1
    with django_assert_max_num_queries(12):
        viewer_client.get(url)


def test_control_tower_shows_an_older_assessment_on_request(
    viewer_client, programme, snapshot_record, assessment
):
    newer = assess(programme, snapshot_record, as_of=COLLECTED_AT, trigger="test")
    html = viewer_client.get(
        reverse("core:control-tower"), {"assessment": assessment.pk}
    ).content.decode()
    assert f"Assessment {assessment.pk}," in html
    assert f"Assessment {newer.pk}," not in html
    assert viewer_client.get(reverse("core:control-tower"), {"assessment": "x"}).status_code == 404


def test_programme_selector_switches_programme_and_refuses_unknown_keys(viewer_client, assessment):
    get_or_create_programme("aaa-second", "Another rollout")  # sorts first by name
    default = viewer_client.get(reverse("core:control-tower")).content.decode()
    assert '<select id="programme-select" name="programme">' in default
    assert "This programme has not been assessed yet." in default

    chosen = viewer_client.get(reverse("core:control-tower"), {"programme": "webtest"})
    assert CRITICAL_TITLE in chosen.content.decode()
    unknown = viewer_client.get(reverse("core:control-tower"), {"programme": "nope"})
    assert unknown.status_code == 404


def test_control_tower_without_programme_says_how_to_start(viewer_client):
    html = viewer_client.get(reverse("core:control-tower")).content.decode()
    assert "There is no programme yet." in html


# -- gate page --------------------------------------------------------------------------


def test_gate_page_shows_criteria_signoffs_revisions_and_history(
    viewer_client, programme, viewer, assessment, django_assert_max_num_queries
):
    gate = programme.gates.get(key="go-live")
    sara = Person.objects.create(programme=programme, name="Sara Nilsen")
    RoleAssignment.objects.create(person=sara, role=Role.SECURITY_OFFICER)
    record_signoff(gate, sara, Role.SECURITY_OFFICER, "rejected", comment="Access review open.")
    criterion = gate.criteria.get(key="few-access-admins")
    revise_criterion(criterion, user=viewer, reason="Two deputies during go-live.", threshold=3)

    url = reverse("core:gate", args=["go-live"])
    viewer_client.get(url)
    with django_assert_max_num_queries(14):
        response = viewer_client.get(url)
    html = response.content.decode()

    assert "Steering committee go-live approval" in html
    assert "Deployment readiness" in html
    assert "Cutover plan" in html  # a deliverable
    assert "Go-live planning" in html  # a stage it closes
    assert "No user holds internal and portal access at once" in html
    assert "<code>users_internal_and_portal</code>" in html
    assert "Sara Nilsen" in html and "Access review open." in html and "Rejected" in html
    assert "Two deputies during go-live." in html and "Relaxed" in html
    assert "at most 3" in html  # the revised threshold
    assert html.count("NOT READY") >= 2  # heading and one history row


def test_unknown_gate_is_a_404_page(viewer_client, assessment):
    response = viewer_client.get(reverse("core:gate", args=["no-such-gate"]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# -- evidence page ----------------------------------------------------------------------


def test_evidence_page_lists_the_exact_records_from_the_snapshot(
    viewer_client, assessment, django_assert_max_num_queries
):
    result = _result(assessment, "critical-products-supplied")
    url = reverse("core:evidence", args=[result.pk])
    viewer_client.get(url)

    with django_assert_max_num_queries(8):
        first = viewer_client.get(url).content.decode()
    second = viewer_client.get(url, {"page": 2}).content.decode()

    assert _record_ids_in_table(first) == FLAGGED_TEMPLATE_IDS[:50]
    assert _record_ids_in_table(second) == FLAGGED_TEMPLATE_IDS[50:]
    assert "Sterile item 006" in first and "STR-006" in first
    assert "Page 1 of 2" in first
    assert "60 records." in first
    assert "<code>product.template</code>" in first
    assert "<code>critical_products_without_supplier</code>" in first
    assert "<p>Critical purchasable products that have no vendor on record.</p>" in first
    assert "can be purchased (<code>purchase_ok</code>)" in first
    assert "WITH considered AS" in first  # the query


@pytest.mark.own_snapshot
def test_evidence_page_explains_a_missing_snapshot_folder(viewer_client, assessment):
    result = _result(assessment, "critical-products-supplied")
    shutil.rmtree(assessment.snapshot.path)

    response = viewer_client.get(reverse("core:evidence", args=[result.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be read from" in html
    assert "20260115T120000Z-webtest-000001" in html


def test_evidence_page_of_a_register_condition_lists_caregate_records(viewer_client, assessment):
    result = _result(assessment, "workstreams-owned", gate_key="design-authority")
    workstreams = result.verdict.assessment.programme.workstreams.all()
    names = [workstream.name for workstream in workstreams]

    html = viewer_client.get(reverse("core:evidence", args=[result.pk])).content.decode()

    assert "Caregate programmes.workstream records" in html
    for name in names:
        assert name in html
    assert "Workstreams of the programme with nobody holding the process-owner role" in html


def test_unknown_result_is_a_404(viewer_client, assessment):
    assert viewer_client.get(reverse("core:evidence", args=[999999])).status_code == 404


# -- lists ------------------------------------------------------------------------------


def test_assessments_list_shows_each_assessment_with_gates_ready(
    viewer_client, programme, snapshot_record, assessment, django_assert_max_num_queries
):
    assess(programme, snapshot_record, as_of=COLLECTED_AT, trigger="later")
    with django_assert_max_num_queries(9):
        html = viewer_client.get(reverse("core:assessments")).content.decode()
    assert html.count(reverse("core:report", args=[assessment.pk])) == 1
    assert "later" in html and "test" in html
    assert "0/4" in html


@pytest.mark.own_snapshot
def test_snapshots_list_shows_manifest_hash_and_integrity(viewer_client, snapshot_record, tmp_path):
    html = viewer_client.get(reverse("core:snapshots")).content.decode()
    assert snapshot_record.manifest_sha256 in html
    assert "Manifest unchanged since registration" in html
    assert '<code>product.template</code></th><td class="num">70</td>' in html

    shutil.rmtree(snapshot_record.path)
    html = viewer_client.get(reverse("core:snapshots")).content.decode()
    assert "Snapshot folder or manifest missing" in html


# -- accessibility basics ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["core:control-tower", "core:assessments", "core:snapshots"])
def test_pages_have_landmarks_skip_link_and_no_external_resources(viewer_client, assessment, name):
    html = viewer_client.get(reverse(name)).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert "<header" in html and "<nav" in html and '<main id="main"' in html
    assert "http://" not in html and "https://" not in html
    assert '<link rel="stylesheet" href="/static/caregate/caregate.css">' in html


def test_stylesheet_is_served(viewer_client):
    response = viewer_client.get("/static/caregate/caregate.css")
    assert response.status_code == 200
    assert b":focus-visible" in b"".join(response.streaming_content)


# -- query budget -----------------------------------------------------------------------

#: Queries per page, whatever the amount of data: session, user, two permission
#: lookups, then the page's own fixed set.
QUERIES_PER_PAGE = {
    "control-tower": 10,
    "gate": 12,
    "evidence": 5,
    "assessments": 7,
    "snapshots": 6,
    "report": 7,
}


def _budget_urls(assessment) -> dict[str, str]:
    result = _result(assessment, "critical-products-supplied")
    return {
        "control-tower": reverse("core:control-tower"),
        "gate": reverse("core:gate", args=["go-live"]),
        "evidence": reverse("core:evidence", args=[result.pk]),
        "assessments": reverse("core:assessments"),
        "snapshots": reverse("core:snapshots"),
        "report": reverse("core:report", args=[assessment.pk]),
    }


def test_query_count_per_page_is_fixed_as_data_grows(
    viewer_client, viewer, programme, snapshot_record, assessment, django_assert_num_queries
):
    urls = _budget_urls(assessment)
    for name, url in urls.items():
        viewer_client.get(url)
        with django_assert_num_queries(QUERIES_PER_PAGE[name]):
            viewer_client.get(url)

    gate = programme.gates.get(key="go-live")
    sara = Person.objects.create(programme=programme, name="Sara Nilsen")
    RoleAssignment.objects.create(person=sara, role=Role.SECURITY_OFFICER)
    for decision in ("rejected", "approved"):
        record_signoff(gate, sara, Role.SECURITY_OFFICER, decision)
    revise_criterion(gate.criteria.get(key="few-access-admins"), user=viewer, threshold=1)
    for _ in range(3):
        assess(programme, snapshot_record, as_of=COLLECTED_AT, trigger="test")

    for name, url in urls.items():
        with django_assert_num_queries(QUERIES_PER_PAGE[name]):
            viewer_client.get(url)
