"""The self-contained HTML report of an assessment: one file, no network needed to open it.

Styles are inline and nothing is linked or loaded from elsewhere, so the file
can be mailed to a steering committee, archived with the decision, opened
offline and printed.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from caregate.gates.models import Assessment
from caregate.gates.presentation import assessment_context


def render_report(assessment: Assessment) -> str:
    """The report as HTML text, with times in the site's time zone."""
    context = assessment_context(assessment)
    context["generated_at"] = timezone.now()
    with timezone.override(zoneinfo.ZoneInfo(settings.SITE_TIME_ZONE)):
        context["time_zone"] = timezone.get_current_timezone_name()
        return render_to_string("gates/report.html", context)


def write_report(assessment: Assessment, path: Path) -> Path:
    """Write the report atomically (a half-written file never replaces a good one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(render_report(assessment), encoding="utf-8")
    temporary.replace(path)
    return path
