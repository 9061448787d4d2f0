"""Stable human keys per programme: the next free "PREFIX-0001" style reference."""

from __future__ import annotations

import re

from django.db.models import QuerySet


def next_reference(queryset: QuerySet, prefix: str, width: int = 4) -> str:
    """The reference after the highest ``PREFIX-n`` in ``queryset`` (its ``reference`` field).

    References typed by people or imported in another style are ignored, so a
    register mixing "CR-0007" and "CR-ALPHA" still gets CR-0008.
    """
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    highest = 0
    for reference in queryset.filter(reference__startswith=f"{prefix}-").values_list(
        "reference", flat=True
    ):
        match = pattern.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}-{highest + 1:0{width}d}"
