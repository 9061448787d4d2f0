"""Concurrent writers get consecutive sequences (PostgreSQL: the head row's lock)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections, transaction

from caregate.audit.models import AuditEntry
from caregate.audit.services import AuditTarget, record
from caregate.audit.verification import verify_chain

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers by itself"
    ),
]

WRITERS = 4
ENTRIES_EACH = 25


def _write(writer: int) -> None:
    try:
        for number in range(ENTRIES_EACH):
            with transaction.atomic():
                record(None, "update", AuditTarget("test.writer", str(writer), f"w{number}"))
    finally:
        connections.close_all()


def test_parallel_writers_leave_one_gapless_chain():
    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        list(pool.map(_write, range(WRITERS)))

    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS * ENTRIES_EACH + 1))
    assert verify_chain().checked == WRITERS * ENTRIES_EACH
