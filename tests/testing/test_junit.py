"""JUnit XML import: mapping test cases to scenarios, all or nothing, and the CI endpoint."""

from __future__ import annotations

import pytest
from django.urls import reverse

from caregate.audit.models import AuditEntry
from caregate.testing.junit import JunitImportError, import_junit
from caregate.testing.models import ApiKey, Execution
from caregate.testing.services import create_api_key, hash_key

from .conftest import make_scenarios

pytestmark = pytest.mark.django_db

GOOD = b"""<?xml version="1.0"?>
<testsuites>
  <testsuite name="uat" timestamp="2026-05-04T10:00:00">
    <testcase classname="procurement" name="SC-0101 receive urgent supplies"/>
    <testcase classname="procurement.SC-0102" name="returns">
      <failure message="credit note missing">trace</failure>
    </testcase>
    <testcase classname="x" name="skipped one">
      <properties><property name="scenario" value="sc-0103"/></properties>
      <skipped/>
    </testcase>
    <testcase classname="x" name="SC-0104 errors"><error message="boom"/></testcase>
  </testsuite>
</testsuites>
"""


def test_each_testcase_becomes_an_execution_with_its_result(uat, users):
    counts = import_junit(uat, GOOD, "uat.xml", users["pmo"])

    assert counts == {"created": 4, "updated": 0}
    runs = {
        e.scenario.reference: (e.result, e.evidence)
        for e in Execution.objects.select_related("scenario")
    }
    assert runs == {
        "SC-0101": ("passed", ""),
        "SC-0102": ("failed", "credit note missing"),
        "SC-0103": ("blocked", ""),
        "SC-0104": ("failed", "boom"),
    }
    assert Execution.objects.first().executed_at.isoformat() == "2026-05-04T10:00:00+00:00"
    assert AuditEntry.objects.filter(target_model="testing.execution").count() == 4


def test_posting_the_same_file_again_updates_the_runs(uat, users):
    import_junit(uat, GOOD, "uat.xml", users["pmo"])
    fixed = GOOD.replace(b'<failure message="credit note missing">trace</failure>', b"")

    counts = import_junit(uat, fixed, "uat.xml", users["pmo"])

    assert counts == {"created": 0, "updated": 4}
    assert Execution.objects.count() == 4
    assert Execution.objects.get(scenario__reference="SC-0102").result == "passed"


def test_malformed_xml_names_the_file_and_line_and_stores_nothing(uat, users):
    broken = b"<testsuite>\n<testcase name='SC-0101'>\n</testsuite>"

    with pytest.raises(JunitImportError) as error:
        import_junit(uat, broken, "broken.xml", users["pmo"])

    assert str(error.value) == "broken.xml: not well-formed XML at line 3, column 3"
    assert Execution.objects.count() == 0


def test_not_xml_at_all_is_refused(uat, users):
    with pytest.raises(JunitImportError, match=r"^results.txt: not well-formed XML at line 1"):
        import_junit(uat, b"PASS 12 tests", "results.txt", users["pmo"])


def test_a_doctype_is_refused(uat, users):
    xml = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite><testcase name="SC-0101 &a;"/></testsuite>'
    with pytest.raises(JunitImportError, match="DOCTYPE is not accepted"):
        import_junit(uat, xml, "evil.xml", users["pmo"])


def test_unknown_and_out_of_scope_references_are_all_reported_and_nothing_is_stored(
    programme, uat, users
):
    make_scenarios(programme, 1, start=500)
    xml = b"""<testsuite>
      <testcase name="SC-0101 ok"/><testcase name="SC-0998 a"/><testcase name="SC-0999 b"/>
      <testcase name="SC-0500 out of scope"/><testcase classname="c" name="no reference"/>
    </testsuite>"""

    with pytest.raises(JunitImportError) as error:
        import_junit(uat, xml, "ci.xml", users["pmo"])

    assert error.value.problems == [
        "testcase c.no reference names no scenario (SC-nnnn)",
        "unknown scenario references: SC-0998, SC-0999",
        "scenario SC-0500 is not in scope of cycle 'UAT 1'; add it to the cycle before "
        "recording a run",
    ]
    assert Execution.objects.count() == 0


def test_api_keys_are_stored_only_as_hashes(programme, users):
    _api_key, key = create_api_key(programme, "CI", users["pmo"])

    stored = ApiKey.objects.get()
    assert stored.key_hash == hash_key(key) != key
    assert key not in str(list(ApiKey.objects.values()))
    assert key not in str(list(AuditEntry.objects.values()))
    assert stored.prefix == key[:10]


def test_the_endpoint_imports_with_a_valid_key_and_refuses_without(programme, uat, users, client):
    _api_key, key = create_api_key(programme, "CI", users["pmo"])
    url = reverse("testing:junit", args=[uat.pk]) + "?filename=ci.xml"

    anonymous = client.post(url, GOOD, content_type="application/xml")
    wrong = client.post(url, GOOD, content_type="application/xml", HTTP_AUTHORIZATION="Bearer nope")
    good = client.post(
        url, GOOD, content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    bad = client.post(
        url, b"<oops", content_type="application/xml", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert (anonymous.status_code, wrong.status_code) == (401, 401)
    assert (good.status_code, good.json()) == (200, {"created": 4, "updated": 0})
    assert bad.status_code == 400
    assert bad.json() == {
        "file": "ci.xml",
        "problems": ["not well-formed XML at line 1, column 1"],
    }


def test_a_key_only_reaches_its_own_programme(programme, uat, users, client):
    from caregate.programmes.services import get_or_create_programme

    other = get_or_create_programme("other", "Other")
    _api_key, key = create_api_key(other, "CI", users["pmo"])

    response = client.post(
        reverse("testing:junit", args=[uat.pk]),
        GOOD,
        content_type="application/xml",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )

    assert response.status_code == 404
    assert Execution.objects.count() == 0


def test_the_command_prints_a_key_once_and_revokes_it(programme, uat):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("testing_api_key", programme.key, "ci", stdout=out)
    key = out.getvalue().splitlines()[1]

    assert ApiKey.objects.get().key_hash == hash_key(key)
    call_command("testing_api_key", programme.key, "ci", "--revoke", stdout=io.StringIO())
    assert ApiKey.objects.get().is_active is False
