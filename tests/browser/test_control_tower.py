"""A real browser walks from the login page to the records behind a failing criterion.

Runs the demo (scale 0.05) into a temporary folder, logs in as the demo
viewer, and checks the control tower on a desktop and a 375 px phone screen.
Screenshots land in /tmp/caregate-desktop.png and /tmp/caregate-mobile.png.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# pytest-django's live server and Playwright's sync API share this thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from caregate.gates.models import Criterion, CriterionResult

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-test-password-2718"
PHONE_WIDTH = 375


@pytest.fixture
def demo(settings, tmp_path):
    """The demo programme, assessed, with a known password for the viewer login."""
    settings.SNAPSHOT_DIR = tmp_path / "snapshots"
    settings.REPORT_DIR = tmp_path / "reports"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", scale=0.05)
    viewer = get_user_model().objects.get(username="viewer")
    viewer.set_password(PASSWORD)
    viewer.save()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _log_in(page, base_url: str) -> None:
    page.goto(f"{base_url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("User name").fill("viewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")


def _failing_blocking_metric() -> CriterionResult:
    """A blocking metric criterion that failed in the latest demo assessment, with records."""
    results = CriterionResult.objects.filter(
        outcome=CriterionResult.Outcome.FAIL,
        severity=Criterion.Severity.BLOCKING,
        criterion__kind=Criterion.Kind.METRIC,
        verdict__ready=False,
    ).select_related("criterion", "verdict__gate")
    return next(result for result in results if result.evidence.get("record_count"))


def test_viewer_follows_a_failing_criterion_to_its_records(live_server, demo, browser):
    failing = _failing_blocking_metric()
    expected_ids = [str(record_id) for record_id in failing.evidence["record_ids"][:50]]

    # Desktop: the control tower shows the gate NOT READY and the failing criterion.
    desktop = browser.new_page(viewport={"width": 1280, "height": 900})
    _log_in(desktop, live_server.url)
    card = desktop.locator(f"section.gate-card:has(h2#gate-{failing.verdict.gate.key})")
    assert "NOT READY" in card.locator(".verdict").inner_text()
    criterion = card.locator("li.criterion", has_text=failing.criterion.title)
    assert criterion.locator(".severity").inner_text().strip().lower() == "blocking"
    assert failing.reason in criterion.inner_text()

    # Keyboard: the first Tab reaches the skip link, which is then visible.
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.className") == "skip-link"
    desktop.screenshot(path="/tmp/caregate-desktop.png", full_page=True)

    # The evidence link leads to the exact records.
    # The link's accessible name says which criterion it is about.
    name = re.compile(r"^Evidence\s*:\s*" + re.escape(failing.criterion.title) + "$")
    criterion.get_by_role("link", name=name).click()
    desktop.wait_for_url(f"{live_server.url}{reverse('core:evidence', args=[failing.pk])}")
    shown = desktop.locator("table.records tbody th[scope=row]").all_inner_texts()
    assert shown == expected_ids
    assert failing.evidence["model"] in desktop.locator("table.records caption").inner_text()

    # Phone: 375 px wide, no horizontal scrolling.
    phone = browser.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
    _log_in(phone, live_server.url)
    assert phone.locator(".verdict", has_text="NOT READY").count() >= 1
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE_WIDTH
    phone.screenshot(path="/tmp/caregate-mobile.png", full_page=True)
    phone.goto(f"{live_server.url}{reverse('core:evidence', args=[failing.pk])}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
