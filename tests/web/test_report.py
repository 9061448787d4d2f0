"""The self-contained HTML report."""

from __future__ import annotations

import re

from caregate.gates.report import render_report, write_report
from tests.web.conftest import FLAGGED_TEMPLATE_IDS


def test_report_contains_no_external_reference(assessment):
    html = render_report(assessment)

    assert "http://" not in html and "https://" not in html
    assert "//" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S).replace("<!--", "")
    assert not re.search(r"""\b(src|href)\s*=""", html)
    assert "<link" not in html and "<script" not in html and "@import" not in html
    assert "<style>" in html


def test_report_shows_programme_snapshot_and_failing_criterion(assessment):
    html = render_report(assessment)

    assert "Web test programme" in html
    assert "20260115T120000Z-webtest-000001" in html
    assert "Demo generator" in html  # snapshot source
    assert "<dd>webtest</dd>" in html  # database
    assert "<dd>17.0</dd>" in html  # server version
    assert "2026-01-15 13:00 CET" in html  # collected at, in the site's zone
    assert "Every critical product has a vendor" in html
    assert "60 of 65 critical products have no vendor." in html
    assert "Add a vendor price line (product.supplierinfo) to each listed product." in html
    assert "NOT READY" in html
    first_twenty = ", ".join(str(record_id) for record_id in FLAGGED_TEMPLATE_IDS[:20])
    assert f"<code>{first_twenty}</code> …" in html
    assert "21," not in html.split(first_twenty, 1)[1].split("</code>", 1)[0]


def test_report_lists_blocking_criteria_before_advisory_ones(assessment):
    html = render_report(assessment)
    gate = html.split("<h2>Design authority approval", 1)[1].split("</section>", 1)[0]
    assert gate.index("Every workstream has a named process owner") < gate.index(
        "Purchase units are in the same category as stock units"
    )


def test_report_appendix_defines_each_metric_used(assessment):
    html = render_report(assessment)
    appendix = html.split("<h2>Definitions</h2>", 1)[1]
    assert "<code>critical_products_without_supplier</code>" in appendix
    assert "Critical purchasable products that have no vendor on record." in appendix
    assert "<code>workstreams_without_process_owner</code>" in appendix


def test_write_report_writes_the_file_atomically(assessment, tmp_path):
    target = tmp_path / "reports" / "readiness.html"

    written = write_report(assessment, target)

    assert written == target
    assert "Every critical product has a vendor" in target.read_text(encoding="utf-8")
    assert sorted(path.name for path in target.parent.iterdir()) == ["readiness.html"]
