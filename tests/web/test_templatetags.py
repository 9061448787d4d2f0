"""Template helpers."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.utils import timezone

from caregate.core.templatetags.caregate import prose, when


def test_prose_joins_wrapped_lines_marks_code_and_escapes():
    text = "Counts rows whose ``state``\n  is <draft>.\n\nWhy it matters: R&D."

    assert prose(text) == (
        "<p>Counts rows whose <code>state</code> is &lt;draft&gt;.</p>"
        "<p>Why it matters: R&amp;D.</p>"
    )


def test_when_shows_the_active_zone_with_its_abbreviation():
    moment = dt.datetime(2026, 7, 1, 10, 30, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        html = when(moment)
    assert html == (
        '<time datetime="2026-07-01T10:30:00+00:00" title="Europe/Amsterdam">'
        "2026-07-01 12:30 CEST</time>"
    )
    assert when(None) == "—"
