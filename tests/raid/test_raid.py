"""RAID log: audited changes, references, the heat map, list pages and spreadsheets."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from caregate.audit.models import AuditEntry
from caregate.audit.services import history
from caregate.raid.models import Issue, Risk
from caregate.raid.services import KINDS, create_entry, risk_heat_map, update_entry
from caregate.spreadsheets.exporter import export_csv
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected

pytestmark = pytest.mark.django_db


def add_risks(programme, owner, ratings):
    return [
        create_entry(
            programme,
            KINDS["risks"],
            {
                "title": f"Risk {index}",
                "likelihood": likelihood,
                "impact": impact,
                "owner": owner,
                "reference": "",
            },
            None,
        )
        for index, (likelihood, impact) in enumerate(ratings)
    ]


def test_create_numbers_scores_and_audits(programme, people):
    risks = add_risks(programme, people["Ada Owner"], [(4, 5), (2, 3)])

    assert [risk.reference for risk in risks] == ["R-001", "R-002"]
    assert [risk.score for risk in risks] == [20, 6]
    entry = history(risks[0]).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.changes["score"] == [None, 20]


def test_update_records_only_what_changed(programme, people):
    (risk,) = add_risks(programme, people["Ada Owner"], [(2, 2)])

    update_entry(risk, {"likelihood": 5, "title": "Risk 0"}, None, "worse than thought")

    latest = history(risk).first()
    assert latest.changes == {"likelihood": [2, 5], "score": [4, 10]}
    assert latest.reason == "worse than thought"
    assert Risk.objects.get(pk=risk.pk).score == 10


def test_heat_map_counts_open_risks_per_cell(programme, people):
    risks = add_risks(programme, people["Ada Owner"], [(4, 5), (4, 5), (1, 1), (3, 3)])
    update_entry(risks[3], {"status": Risk.Status.CLOSED}, None)

    rows = risk_heat_map(programme)

    counts = {(c.likelihood, c.impact): c.count for row in rows for c in row if c.count}
    assert counts == {(4, 5): 2, (1, 1): 1}
    assert rows[0][0].likelihood == 5 and rows[4][4].impact == 5
    assert rows[1][4].band == "high" and rows[4][0].band == "low"


def test_risk_list_filters_by_heat_map_cell(viewer_client, programme, people):
    add_risks(programme, people["Ada Owner"], [(4, 5), (4, 5), (1, 1)])

    response = viewer_client.get("/raid/risks/?open=yes&likelihood=4&impact=5")

    assert response.status_code == 200
    listed = [r.reference for r in response.context["listing"].page.object_list]
    assert listed == ["R-002", "R-001"]  # by score, highest first; ties newest first


def test_heat_map_page_links_cells_to_the_list(viewer_client, programme, people):
    add_risks(programme, people["Ada Owner"], [(4, 5)])

    response = viewer_client.get("/raid/risks/heat-map/")

    assert response.status_code == 200
    assert b"open=yes&amp;likelihood=4&amp;impact=5" in response.content


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("kind", ["risks", "assumptions", "issues", "dependencies"])
def test_list_query_count_does_not_grow(viewer_client, programme, people, kind):
    model = KINDS[kind].model
    extra = {
        "risks": {"likelihood": 3, "impact": 3},
        "assumptions": {},
        "issues": {"severity": Issue.Severity.HIGH},
        "dependencies": {"depends_on": "Vendor"},
    }[kind]

    def add(count):
        start = model.objects.count()
        for index in range(start, start + count):
            create_entry(
                programme,
                KINDS[kind],
                {
                    "title": f"Entry {index}",
                    "owner": people["Ben Buyer"],
                    "workstream": programme.workstreams.first(),
                    "reference": "",
                    **extra,
                },
                None,
            )

    add(2)
    few = _queries(viewer_client, f"/raid/{kind}/")
    add(30)
    many = _queries(viewer_client, f"/raid/{kind}/")

    assert few == many == 8  # session, user, 2 x permissions, programmes, workstreams, count, page


def test_viewer_cannot_create_and_owner_can(client, programme, people):
    from tests.register_fixtures import login

    login(client, "vera", "viewer")
    assert client.get("/raid/issues/new/").status_code == 403
    login(client, "olga", "process_owner")
    response = client.post(
        "/raid/issues/new/",
        {
            "title": "Scanner firmware",
            "severity": "high",
            "escalation_level": "pmo",
            "status": "open",
            "owner": people["Ada Owner"].pk,
            "reason": "found in UAT",
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert (issue.reference, issue.escalation_level) == ("I-001", "pmo")
    assert history(issue).get().reason == "found in UAT"


def test_detail_shows_history(viewer_client, programme, people):
    (risk,) = add_risks(programme, people["Ada Owner"], [(2, 2)])
    update_entry(risk, {"status": Risk.Status.MITIGATING}, None, "plan agreed")

    response = viewer_client.get(f"/raid/risks/{risk.pk}/")

    assert response.status_code == 200
    assert [entry.action for entry in response.context["entries"]] == ["update", "create"]
    assert b"plan agreed" in response.content


def test_spreadsheet_round_trip_is_stable(programme, people):
    add_risks(programme, people["Ada Owner"], [(4, 5), (2, 3)])
    exported = export_csv("raid-risks", programme)

    again = import_file("raid-risks", exported, "risks.csv", programme, None)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_spreadsheet_import_creates_and_updates_by_reference(programme, people):
    rows = [
        ["Reference", "Title", "Owner", "Likelihood", "Impact", "Status"],
        ["R-007", "Vendor catalogue late", "Ada Owner", "3", "4", "Open"],
    ]
    first = import_file("raid-risks", _csv(rows), "r.csv", programme, None)
    rows[1][3] = "5"
    second = import_file("raid-risks", _csv(rows), "r.csv", programme, None)

    risk = Risk.objects.get(reference="R-007")
    assert (first.created, second.updated) == (1, 1)
    assert (risk.likelihood, risk.score, risk.owner.name) == (5, 20, "Ada Owner")


def test_spreadsheet_import_rejects_unknown_owner(programme):
    rows = [
        ["Reference", "Title", "Owner", "Likelihood", "Impact", "Status"],
        ["R-001", "Something", "Nobody Known", "3", "9", "Open"],
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_file("raid-risks", _csv(rows), "r.csv", programme, None)

    columns = sorted(problem.column for problem in rejected.value.problems)
    assert columns == ["Impact", "Owner"]
    assert not Risk.objects.exists()


def _csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()
