"""Programme health: each failure point scored from what exists, or honestly not scored."""

from __future__ import annotations

import datetime as dt

import pytest

from caregate.health.scoring import programme_health
from caregate.programmes.models import Role, RoleAssignment
from caregate.raid.models import Issue, Risk
from caregate.training.models import Completion, Course, Trainee

pytestmark = pytest.mark.django_db


def scores(programme):
    return {score.key: score for score in programme_health(programme)}


def test_the_seven_failure_points_in_order(programme):
    assert [score.key for score in programme_health(programme)] == [
        "unclear-scope",
        "poor-master-data",
        "excessive-customization",
        "weak-testing",
        "undertrained-users",
        "inadequate-cutover",
        "unresolved-ownership",
    ]


def test_points_without_a_source_say_why(programme):
    result = scores(programme)

    assert result["weak-testing"].cannot_score == "no test cycle recorded yet"
    assert result["inadequate-cutover"].cannot_score == "no cutover register yet"
    assert result["poor-master-data"].cannot_score == "no gate assessment has been run yet"
    assert result["undertrained-users"].cannot_score == "no trainees recorded for the next wave"
    assert result["weak-testing"].rag == "grey" and result["weak-testing"].score is None


def test_undertrained_users_scores_wave_cells_and_caps_at_amber(programme, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 5, 1))
    roles = {role.key: role for role in programme.training_roles.all()}
    sites = {site.code: site for site in programme.sites.all()}
    course = Course.objects.create(programme=programme, code="C-1", title="Basics")
    course.roles.set(roles.values())
    for site_code, role_key, done in (("hos", "buyers", 1), ("wh", "buyers", 0)):
        trainee = Trainee.objects.create(
            programme=programme,
            trainee_id=f"{site_code}-1",
            name="T",
            site=sites[site_code],
            role=roles[role_key],
        )
        if done:
            Completion.objects.create(
                trainee=trainee, course=course, completed_on=dt.date(2026, 4, 20)
            )

    result = scores(programme)["undertrained-users"]

    assert (result.score, result.rag) == (50, "amber")
    assert [record.label for record in result.records] == [
        "Acme Warehouse / Buyers: 0 % complete (threshold 90 %)",
    ]
    assert "site=" in result.records[0].url


def test_ownership_counts_unowned_open_raid_items_and_missing_roles(programme, people):
    Risk.objects.create(
        programme=programme, reference="R-1", title="Unowned", likelihood=3, impact=3
    )
    Issue.objects.create(
        programme=programme,
        reference="I-1",
        title="Owned",
        severity="high",
        owner=people["Ada Owner"],
    )
    RoleAssignment.objects.create(person=people["Ada Owner"], role=Role.HYPERCARE_LEAD)
    gate = programme.gates.get(key="hypercare")
    gate.primary_owner = people["Ada Owner"]
    gate.save()

    result = scores(programme)["unresolved-ownership"]

    # gates 1/2, roles 1/3, hypercare criteria 0/n, RAID 1/2: 12.5 + 8.3 + 0 + 12.5
    assert result.score == 33
    labels = [record.label for record in result.records]
    assert "R-1 Unowned: no owner" in labels
    assert "Role Operations lead: nobody holds it" in labels


def test_unclear_scope_reads_the_gap_register(programme, people):
    from caregate.gaps.models import Gap

    stream = programme.workstreams.first()
    Gap.objects.create(
        programme=programme,
        reference="GAP-1",
        workstream=stream,
        title="Controlled drugs",
        criticality="critical",
    )
    Gap.objects.create(
        programme=programme,
        reference="GAP-2",
        workstream=stream,
        title="Label format",
        criticality="low",
        owner=people["Ada Owner"],
        resolution_path="standard_configuration",
    )

    result = scores(programme)["unclear-scope"]

    # 100 - 15 (one critical gap undecided) - 4 x 20 (no workstream has a process owner)
    assert result.score == 5
    assert (
        result.records[0].label == "GAP-1 Controlled drugs (critical): no resolution path "
        "and no owner"
    )


def test_health_page_renders_the_seven_cards(viewer_client, programme):
    response = viewer_client.get("/health/")

    assert response.status_code == 200
    assert response.content.decode().count('class="gate-card health') == 7
    assert b"Cannot score: no test cycle recorded yet." in response.content
