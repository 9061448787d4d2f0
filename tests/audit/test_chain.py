"""The hash chain: entries link up, and every kind of tampering is named by verify."""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from itertools import pairwise

import pytest
from django.db import transaction

from caregate.audit.canonical import GENESIS_HASH
from caregate.audit.models import AuditChainHead, AuditEntry, AuditTrailIsAppendOnly
from caregate.audit.services import (
    AuditTarget,
    audited_create,
    audited_delete,
    audited_update,
    diff,
    field_values,
    history,
    record,
    record_many,
)
from caregate.audit.verification import verify_chain
from caregate.programmes.models import LegalEntity, Programme

pytestmark = pytest.mark.django_db


def _record_several(count: int, actor=None) -> list[AuditEntry]:
    return [
        record(
            actor,
            AuditEntry.Action.UPDATE,
            AuditTarget("gates.criterion", str(number), f"Criterion {number}"),
            changes={"threshold": [number, number + 1]},
            reason=f"step {number}",
        )
        for number in range(1, count + 1)
    ]


def test_a_chain_of_entries_links_each_to_the_one_before_and_verifies(signer):
    entries = _record_several(5, actor=signer)

    assert [entry.sequence for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    assert [entry.prev_hash for entry in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert entries[2].actor_name == "anja"
    head = AuditChainHead.objects.get()
    assert (head.last_sequence, head.last_hash) == (5, entries[-1].entry_hash)
    result = verify_chain()
    assert result.intact
    assert (result.checked, result.last_sequence) == (5, 5)
    assert result.summary() == "5 entries verified, chain intact"


def test_an_empty_trail_verifies():
    assert verify_chain().summary() == "0 entries verified, chain intact"


def test_the_hash_is_sha256_of_the_documented_canonical_json():
    entry = record(None, "create", AuditTarget("audit.thing", "7", "Thing ✓"), changes={"b": 1})
    stored = AuditEntry.objects.get(pk=entry.pk)

    document = {
        "action": "create",
        "actor_id": None,
        "actor_name": "",
        "changes": {"b": 1},
        "prev_hash": GENESIS_HASH,
        "reason": "",
        "recorded_at": stored.recorded_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "sequence": 1,
        "target_id": "7",
        "target_model": "audit.thing",
        "target_repr": "Thing ✓",
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert stored.entry_hash == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_changing_an_entry_through_a_queryset_update_names_that_entry():
    _record_several(4)

    AuditEntry.objects.filter(sequence=2).update(changes={"threshold": [2, 30]})

    result = verify_chain()
    assert not result.intact
    assert (result.broken.sequence, result.broken.kind) == (2, "changed")
    assert result.broken.message == (
        "entry 2: content changed since it was recorded (its hash no longer matches)"
    )
    assert result.checked == 1


def test_rewriting_an_entry_with_a_fresh_hash_breaks_the_link_from_the_next_one():
    entries = _record_several(4)

    AuditEntry.objects.filter(sequence=2).update(entry_hash="f" * 64)

    # The rewritten entry's own hash is wrong too; recompute it as a forger would.
    forged = entries[1]
    from caregate.audit.canonical import entry_digest

    forged_hash = entry_digest(
        sequence=2,
        recorded_at=forged.recorded_at,
        actor_id=None,
        actor_name="",
        action="update",
        target_model=forged.target_model,
        target_id=forged.target_id,
        target_repr=forged.target_repr,
        changes={"threshold": [2, 30]},
        reason=forged.reason,
        prev_hash=forged.prev_hash,
    )
    AuditEntry.objects.filter(sequence=2).update(
        changes={"threshold": [2, 30]}, entry_hash=forged_hash
    )

    broken = verify_chain().broken
    assert (broken.sequence, broken.kind) == (3, "link")
    assert broken.message.startswith("entry 3: prev_hash mismatch, it does not follow entry 2")


def test_deleting_a_middle_entry_names_the_gap():
    _record_several(5)

    AuditEntry.objects.filter(sequence=3).delete()

    broken = verify_chain().broken
    assert (broken.sequence, broken.kind) == (3, "missing")
    assert broken.message == "entry 3 is missing (between entry 2 and entry 4)"


def test_deleting_several_entries_names_the_whole_gap():
    _record_several(6)

    AuditEntry.objects.filter(sequence__in=[2, 3, 4]).delete()

    assert verify_chain().broken.message == (
        "entries 2 to 4 are missing (between entry 1 and entry 5)"
    )


def test_deleting_the_first_entry_is_named():
    _record_several(3)

    AuditEntry.objects.filter(sequence=1).delete()

    assert verify_chain().broken.message == "entry 1 is missing (before entry 2)"


def test_deleting_the_last_entry_is_a_head_mismatch():
    _record_several(4)

    AuditEntry.objects.filter(sequence=4).delete()

    result = verify_chain()
    assert (result.broken.sequence, result.broken.kind) == (4, "head")
    assert result.broken.message == (
        "head mismatch: the head names entry 4 but the chain ends at entry 3 "
        "(the last entry is missing)"
    )
    assert result.checked == 3


def test_removing_the_head_row_is_named_and_stops_further_writes():
    from caregate.audit.services import AuditChainBroken

    _record_several(2)
    AuditChainHead.objects.all().delete()

    assert verify_chain().broken.message == (
        "head mismatch: the chain head is missing, the last entry is 2"
    )
    with pytest.raises(AuditChainBroken):
        _record_several(1)


def test_an_entry_cannot_be_saved_again_or_deleted():
    entry = _record_several(1)[0]

    entry.reason = "rewritten"
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        entry.delete()
    assert AuditEntry.objects.get().reason == "step 1"


def test_values_that_databases_reshape_still_verify():
    # jsonb returns 1e16 as an integer and has no negative zero: both are stored as such.
    record(
        None,
        "update",
        AuditTarget("gates.criterion", "1", "c"),
        changes={"big": [1e16, 2.5], "small": [-0.0, 1e-7], "text": ["naïve", None]},
    )

    entry = AuditEntry.objects.get()
    assert entry.changes == {"big": [10**16, 2.5], "small": [0.0, 1e-7], "text": ["naïve", None]}
    assert verify_chain().intact


def test_field_values_and_diff_are_json_safe(programme):
    programme.go_live_date = dt.date(2026, 9, 1)
    entity = LegalEntity.objects.create(programme=programme, name="Hospital", odoo_company_id=2)

    values = field_values(entity)
    assert values == {"programme": programme.pk, "name": "Hospital", "odoo_company_id": 2}
    assert field_values(programme, ["go_live_date", "currency"]) == {
        "go_live_date": "2026-09-01",
        "currency": "EUR",
    }
    assert diff({"a": decimal.Decimal("1.50"), "b": 1}, {"a": decimal.Decimal("1.5"), "c": 2}) == {
        "a": ["1.50", "1.5"],
        "b": [1, None],
        "c": [None, 2],
    }


def test_audited_create_update_and_delete_record_what_changed(programme, signer):
    entity = LegalEntity(programme=programme, name="Laboratory")
    created = audited_create(entity, signer, reason="new company")

    before = field_values(entity)
    entity.odoo_company_id = 3
    updated = audited_update(entity, signer, before, reason="linked to Odoo")
    unchanged = audited_update(entity, signer, field_values(entity))
    deleted = audited_delete(entity, signer, reason="duplicate")

    assert created.changes == {
        "programme": [None, programme.pk],
        "name": [None, "Laboratory"],
        "odoo_company_id": [None, None],
    }
    assert updated.changes == {"odoo_company_id": [None, 3]}
    assert unchanged is None
    assert deleted.changes["odoo_company_id"] == [3, None]
    assert not LegalEntity.objects.filter(name="Laboratory").exists()
    assert [e.action for e in AuditEntry.objects.filter(target_model="programmes.legalentity")] == [
        "delete",
        "update",
        "create",
    ]
    assert verify_chain().checked == 3


def test_deleting_without_a_reason_is_refused_and_keeps_the_record(programme, signer):
    entity = LegalEntity.objects.create(programme=programme, name="Care home")

    with pytest.raises(ValueError, match="needs a reason"):
        audited_delete(entity, signer, reason=" ")

    assert LegalEntity.objects.filter(pk=entity.pk).exists()
    assert AuditEntry.objects.count() == 0


def test_history_lists_one_records_entries_newest_first(programme):
    other = Programme.objects.create(key="other", name="Other")
    record(None, "update", programme, changes={"name": ["a", "b"]})
    record(None, "update", other, changes={"name": ["x", "y"]})
    record(None, "update", programme, changes={"name": ["b", "c"]})

    assert [entry.sequence for entry in history(programme)] == [3, 1]


def test_an_entry_needs_a_known_action_and_a_saved_target(programme):
    with pytest.raises(ValueError):
        record(None, "rename", programme)
    with pytest.raises(ValueError, match="unsaved"):
        record(None, "create", Programme(key="new", name="New"))


@pytest.mark.django_db(transaction=True)
def test_a_rollback_in_the_caller_leaves_no_entry_and_no_gap():
    _record_several(2)

    with pytest.raises(RuntimeError), transaction.atomic():
        _record_several(3)
        raise RuntimeError("the caller fails after recording")

    assert list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True)) == [
        1,
        2,
    ]
    _record_several(1)
    result = verify_chain()
    assert result.intact
    assert result.last_sequence == 3


@pytest.mark.parametrize(
    "fields",
    [
        {"actor_id": None, "actor_name": "", "changes": {}, "reason": ""},
        {
            "actor_id": 12,
            "actor_name": "zoë",
            "changes": {"b": [None, {"z": 1, "a": [1.5, True]}], "a": ['"quoted"\n', "\u2028"]},
            "reason": "tab\tand \\ backslash, emoji 🩺",
        },
    ],
)
def test_the_fast_digest_hashes_exactly_the_canonical_document(fields):
    from caregate.audit.canonical import canonical_document, entry_digest

    common = {
        "sequence": 42,
        "recorded_at": dt.datetime(2026, 3, 1, 14, 5, 9, 123, tzinfo=dt.UTC),
        "action": "update",
        "target_model": "gates.criterion",
        "target_id": "17",
        "target_repr": "Access <admins> & more",
        "prev_hash": "ab" * 32,
        **fields,
    }

    expected = hashlib.sha256(canonical_document(**common)).hexdigest()
    assert entry_digest(**common) == expected


def test_entries_recorded_on_a_whole_second_verify(monkeypatch):
    from caregate.audit import services

    whole_second = dt.datetime(2026, 3, 1, 14, 5, 9, tzinfo=dt.UTC)
    monkeypatch.setattr(services.timezone, "now", lambda: whole_second)
    record(None, "create", AuditTarget("audit.thing", "1", "t"))

    assert AuditEntry.objects.get().recorded_at == whole_second
    assert verify_chain().intact


def test_a_batch_appended_at_once_chains_like_single_entries():
    single = record(None, "update", AuditTarget("gates.gate", "1", "Gate 1"), reason="before")

    count = record_many(
        None,
        "import",
        [
            (AuditTarget("gaps.gap", str(number), f"GAP-{number:04d}"), {"status": [None, "open"]})
            for number in range(1, 6)
        ],
        reason="spreadsheet import",
    )

    batch = list(AuditEntry.objects.filter(action="import").order_by("sequence"))
    assert count == 5
    assert [entry.sequence for entry in batch] == [2, 3, 4, 5, 6]
    assert batch[0].prev_hash == single.entry_hash
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in pairwise(batch))
    assert AuditChainHead.objects.get().last_sequence == 6
    result = verify_chain()
    assert result.summary() == "6 entries verified, chain intact"


def test_an_empty_batch_appends_nothing():
    assert record_many(None, "import", [], reason="nothing") == 0
    assert AuditEntry.objects.count() == 0
