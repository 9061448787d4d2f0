"""Template helpers: times in the site's zone with the zone named, and definition prose."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def when(value):
    """A <time> element: the moment in the active (site) zone, e.g. 2026-03-01 14:05 CET."""
    if not isinstance(value, dt.datetime):
        return value if value not in (None, "") else "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        value.isoformat(),
        timezone.get_current_timezone_name(),
        date_format(local, "Y-m-d H:i T"),
    )


@register.simple_tag
def query_string(request, **changes):
    """The current query string with some parameters replaced (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def prose(text) -> SafeString:
    """A docstring-style definition as HTML paragraphs.

    Hard-wrapped lines are joined, blank lines separate paragraphs, and
    ``name`` becomes <code>name</code>. The text is escaped first.
    """
    paragraphs = re.split(r"\n\s*\n", str(text or "").strip())
    html = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        joined = " ".join(line.strip() for line in paragraph.splitlines())
        marked = re.sub(r"``(.+?)``", r"<code>\1</code>", escape(joined))
        html.append(f"<p>{marked}</p>")
    # Safe: every piece of the text was escaped above; only <p> and <code> are added.
    return mark_safe("".join(html))  # noqa: S308
