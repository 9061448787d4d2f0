"""Training readiness: definitions, go-live conditions, pages and spreadsheets."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caregate.gates.models import Criterion
from caregate.programmes.models import Site
from caregate.spreadsheets.exporter import export_csv
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from caregate.training.conditions import (
    change_impacts_not_communicated,
    training_cells_below_threshold,
    wave_sites_without_champion,
)
from caregate.training.models import (
    Champion,
    ChangeImpact,
    Completion,
    Course,
    Trainee,
    TrainingRole,
)
from caregate.training.readiness import compute_readiness

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 1)  # wave 1 goes live 2026-06-01: stale before 2026-03-03


@pytest.fixture
def setup(programme):
    """Buyers need two courses; 10 buyers at the hospital, 2 at the lab (wave 2)."""
    roles = {role.key: role for role in programme.training_roles.all()}
    sites = {site.code: site for site in programme.sites.all()}
    one = Course.objects.create(programme=programme, code="P-1", title="Ordering")
    two = Course.objects.create(programme=programme, code="P-2", title="Approving")
    for course in (one, two):
        course.roles.set([roles["buyers"]])
    trainees = [
        Trainee.objects.create(
            programme=programme,
            trainee_id=f"E{n:03d}",
            name=f"Buyer {n}",
            site=sites["hos" if n < 10 else "lab"],
            role=roles["buyers"],
        )
        for n in range(12)
    ]
    return {"roles": roles, "sites": sites, "courses": (one, two), "trainees": trainees}


def complete(trainee, courses, on):
    for course in courses:
        Completion.objects.create(trainee=trainee, course=course, completed_on=on)


def test_new_programmes_get_the_seven_default_roles(programme):
    assert list(programme.training_roles.values_list("key", flat=True)) == [
        "buyers",
        "warehouse-teams",
        "finance-users",
        "department-coordinators",
        "maintenance-teams",
        "hr-administrators",
        "support-desk-agents",
    ]


def test_cell_counts_complete_and_stale(programme, setup):
    trainees, courses = setup["trainees"], setup["courses"]
    for trainee in trainees[:8]:
        complete(trainee, courses, dt.date(2026, 4, 20))
    complete(trainees[8], courses, dt.date(2026, 1, 10))  # trained too early
    complete(trainees[9], courses[:1], dt.date(2026, 4, 20))  # one course missing

    readiness = compute_readiness(programme, TODAY)
    cell = readiness.cell(setup["sites"]["hos"], setup["roles"]["buyers"])

    assert (cell.trainees, cell.complete, cell.stale, cell.percent) == (10, 9, 1, 90.0)
    assert cell.meets(90) is False  # complete enough, but one is stale
    assert cell.shortfall(90) == "1 stale"


def test_threshold_and_window_come_from_programme_settings(programme, setup):
    trainees, courses = setup["trainees"], setup["courses"]
    for trainee in trainees[:9]:
        complete(trainee, courses, dt.date(2026, 1, 10))
    programme.evidence_settings = {"training_stale_days": 200, "training_completion_threshold": 85}
    programme.save()

    readiness = compute_readiness(programme, TODAY)
    cell = readiness.cell(setup["sites"]["hos"], setup["roles"]["buyers"])

    assert (cell.percent, cell.stale, cell.meets(readiness.threshold)) == (90.0, 0, True)


def test_go_live_conditions_name_the_offending_cells_and_records(programme, setup, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: TODAY)
    trainees, courses = setup["trainees"], setup["courses"]
    for trainee in trainees[:7]:
        complete(trainee, courses, dt.date(2026, 4, 20))
    Champion.objects.create(
        programme=programme, site=setup["sites"]["hos"], person=programme.people.first()
    )
    told = ChangeImpact.objects.create(
        programme=programme,
        reference="CI-1",
        title="Second approval",
        area="approvals",
        communication_status="sent",
    )
    untold = ChangeImpact.objects.create(
        programme=programme,
        reference="CI-2",
        title="Wards confirm receipts",
        area="responsibilities",
    )
    lab_only = ChangeImpact.objects.create(
        programme=programme,
        reference="CI-3",
        title="Lab reorder",
        area="turnaround_times",
    )
    lab_only.sites.set([setup["sites"]["lab"]])

    cells = training_cells_below_threshold(programme)
    impacts = change_impacts_not_communicated(programme)
    champions = wave_sites_without_champion(programme)

    assert cells.labels == [
        "Acme Hospital / Buyers: 70 % complete (threshold 90 %)",
    ]
    assert impacts.record_ids == [untold.pk] and told.pk not in impacts.record_ids
    assert champions.labels == ["Acme Warehouse"]


def test_go_live_gate_of_a_new_programme_has_the_three_criteria(programme):
    keys = set(
        Criterion.objects.filter(gate__programme=programme, gate__key="go-live").values_list(
            "register_condition", flat=True
        )
    )
    assert {
        "training_cells_below_threshold",
        "change_impacts_not_communicated",
        "wave_sites_without_champion",
    } <= keys


def test_heat_map_page_shows_text_not_only_colour(viewer_client, programme, setup):
    for trainee in setup["trainees"][:5]:
        complete(trainee, setup["courses"], dt.date.today())

    response = viewer_client.get("/training/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "50 %" in body and "5 of 10" in body and "below" in body
    assert f"site={setup['sites']['hos'].pk}&amp;role={setup['roles']['buyers'].pk}" in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_trainee_list_and_heat_map_query_counts_do_not_grow(viewer_client, programme, setup):
    few_list = _queries(viewer_client, "/training/trainees/")
    few_map = _queries(viewer_client, "/training/")
    site, role = setup["sites"]["hos"], setup["roles"]["buyers"]
    Trainee.objects.bulk_create(
        Trainee(programme=programme, trainee_id=f"X{n}", name=f"X {n}", site=site, role=role)
        for n in range(120)
    )
    for trainee in Trainee.objects.all()[:60]:
        complete(trainee, setup["courses"], dt.date(2026, 4, 1))

    assert _queries(viewer_client, "/training/trainees/") == few_list == 13
    assert _queries(viewer_client, "/training/") == few_map


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def test_trainee_and_completion_import_round_trip(programme, setup):
    trainees = [
        ["Trainee id", "Name", "Site", "Role", "Active"],
        ["N1", "New One", "hos", "Warehouse teams", ""],
        ["N2", "New Two", "Acme Lab", "finance-users", "no"],
    ]
    completions = [
        ["Trainee id", "Course code", "Completed on"],
        ["N1", "P-1", "2026-04-02"],
        ["E001", "P-2", "2026-04-03"],
    ]

    first = import_file("training-trainees", _csv(trainees), "t.csv", programme, None)
    done = import_file("training-completions", _csv(completions), "c.csv", programme, None)
    again = import_file(
        "training-completions",
        export_csv("training-completions", programme),
        "c.csv",
        programme,
        None,
    )

    assert (first.created, done.created, again.created, again.unchanged) == (2, 2, 0, 2)
    assert Trainee.objects.get(trainee_id="N2").active is False
    assert Trainee.objects.get(trainee_id="N1").role.key == "warehouse-teams"


def test_unknown_role_course_and_trainee_reject_the_whole_file(programme, setup):
    trainees = [
        ["Trainee id", "Name", "Site", "Role"],
        ["N1", "New One", "hos", "Buyers"],
        ["N2", "New Two", "hos", "Pharmacists"],
    ]
    completions = [
        ["Trainee id", "Course code", "Completed on"],
        ["E001", "P-9", "2026-04-02"],
        ["Z999", "P-1", "2026-04-03"],
    ]

    with pytest.raises(ImportRejected) as bad_trainees:
        import_file("training-trainees", _csv(trainees), "t.csv", programme, None)
    with pytest.raises(ImportRejected) as bad_completions:
        import_file("training-completions", _csv(completions), "c.csv", programme, None)

    assert [p.column for p in bad_trainees.value.problems] == ["Role"]
    assert "'Pharmacists' is not a training role" in bad_trainees.value.problems[0].message
    assert sorted(p.column for p in bad_completions.value.problems) == [
        "Course code",
        "Trainee id",
    ]
    assert not Trainee.objects.filter(trainee_id="N1").exists()
    assert not Completion.objects.exists()


def test_course_and_impact_imports_link_roles_and_sites(programme, setup):
    courses = [["Code", "Title", "Roles"], ["W-1", "Receiving", "Warehouse teams; Buyers"]]
    impacts = [
        [
            "Reference",
            "Title",
            "What changes",
            "Affected roles",
            "Affected sites",
            "Communication",
            "Communicated on",
        ],
        [
            "CI-9",
            "Receipts by wards",
            "Responsibilities",
            "Buyers",
            "hos; wh",
            "Sent",
            "2026-04-01",
        ],
    ]

    import_file("training-courses", _csv(courses), "c.csv", programme, None)
    import_file("training-change-impacts", _csv(impacts), "i.csv", programme, None)
    again = import_file(
        "training-courses", export_csv("training-courses", programme), "c.csv", programme, None
    )

    course = Course.objects.get(code="W-1")
    impact = ChangeImpact.objects.get(reference="CI-9")
    assert sorted(course.roles.values_list("key", flat=True)) == ["buyers", "warehouse-teams"]
    assert sorted(impact.sites.values_list("code", flat=True)) == ["hos", "wh"]
    assert (again.updated, again.unchanged) == (0, 3)


def test_roles_a_programme_adds_count_in_the_heat_map(programme, setup):
    pharmacists = TrainingRole.objects.create(programme=programme, key="pharm", name="Pharmacy")

    readiness = compute_readiness(programme, TODAY)

    assert [role.name for role in readiness.roles][-1] == "Pharmacy"
    assert readiness.cell(Site.objects.get(code="hos"), pharmacists).trainees == 0
