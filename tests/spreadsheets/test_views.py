"""Register pages: upload with CSRF and permissions, problems table, downloads, history."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from caregate.programmes.access import grant_access
from caregate.programmes.models import RoleAssignment
from caregate.spreadsheets.models import ImportRun
from tests.spreadsheets.conftest import PEOPLE_ROWS, xlsx_bytes


def login(level: str | None) -> Client:
    user = get_user_model().objects.create_user(f"user-{level}")
    if level:
        grant_access(user, level)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)  # no password hashing: keeps the tests fast
    return client


def upload(client: Client, data: bytes, name: str = "people.xlsx", **fields):
    page = client.get("/registers/people/import/")
    token = page.cookies["csrftoken"].value
    return client.post(
        "/registers/people/import/",
        {"file": SimpleUploadedFile(name, data), "csrfmiddlewaretoken": token, **fields},
    )


def test_a_pmo_uploads_a_valid_workbook(programme):
    client = login("pmo")

    response = upload(client, xlsx_bytes(PEOPLE_ROWS))

    assert response.status_code == 200
    assert "people.xlsx was imported." in response.text
    assert "4 rows read: 4 created, 0 updated, 0 unchanged." in response.text
    assert RoleAssignment.objects.count() == 4
    assert ImportRun.objects.get().user.username == "user-pmo"


def test_a_rejected_upload_shows_every_problem_in_a_table_and_stores_nothing(programme):
    rows = [list(row) for row in PEOPLE_ROWS]
    rows[1][5] = "Utrecht"
    client = login("pmo")

    response = upload(client, xlsx_bytes(rows))

    assert response.status_code == 422
    assert "The file has 1 problem; nothing was imported." in response.text
    assert (
        '<td>People</td>\n      <td class="num">3</td>\n      <td>Site</td>\n'
        "      <td>&#x27;Utrecht&#x27; is not a site of this programme</td>"
    ) in response.text
    assert (RoleAssignment.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_the_declared_date_order_and_encoding_reach_the_importer(programme):
    client = login("pmo")
    from tests.spreadsheets.conftest import csv_text

    data = csv_text(PEOPLE_ROWS).encode("cp1252")

    response = upload(client, data, "people.csv", encoding="cp1252", date_order="DMY")

    assert response.status_code == 200
    assert RoleAssignment.objects.count() == 4


def test_a_post_without_the_csrf_token_is_refused(programme):
    client = login("pmo")

    response = client.post(
        "/registers/people/import/",
        {"file": SimpleUploadedFile("people.xlsx", xlsx_bytes(PEOPLE_ROWS))},
    )

    assert response.status_code == 403
    assert RoleAssignment.objects.count() == 0


def test_a_viewer_may_download_but_not_import(programme):
    client = login("viewer")

    assert client.get("/registers/people/import/").status_code == 403
    response = client.get("/registers/people/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="north-people-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["People"]
    assert sheet["A1"].value == "Name"


def test_downloads_csv_and_template(programme):
    client = login("viewer")

    csv_response = client.get("/registers/people/export.csv?programme=north")
    template = client.get("/registers/people/template.xlsx")

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response.content.startswith(b"\xef\xbb\xbfName,E-mail,")
    assert template["Content-Disposition"] == 'attachment; filename="north-people-template.xlsx"'


def test_the_history_lists_accepted_imports(programme):
    client = login("pmo")
    upload(client, xlsx_bytes(PEOPLE_ROWS))
    upload(client, xlsx_bytes(PEOPLE_ROWS), "again.xlsx")

    response = client.get("/registers/people/imports/")

    assert response.status_code == 200
    text = response.text
    assert text.index("again.xlsx") < text.index("people.xlsx")
    assert '<td class="num">4</td>' in text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/registers/staff/import/", 404),
        ("/registers/people/export.xlsx?programme=nowhere", 404),
    ],
)
def test_unknown_register_or_programme_is_not_found(programme, url, status):
    assert login("pmo").get(url).status_code == status


def test_anonymous_visitors_go_to_the_login_page(programme):
    response = Client().get("/registers/people/imports/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_user_outside_every_access_group_is_refused(programme):
    assert login(None).get("/registers/people/export.csv").status_code == 403
