"""`caregate audit verify` and `caregate audit export`."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest
from django.core.management import call_command

from caregate.audit.models import AuditEntry
from caregate.audit.services import AuditTarget, record

pytestmark = pytest.mark.django_db


def _three_entries(signer):
    for number in (1, 2, 3):
        record(
            signer,
            "update",
            AuditTarget("gates.criterion", str(number), f"Criterion {number}"),
            changes={"threshold": [number, 2.5 * number], "note": ["é", None]},
            reason=f"step {number}",
        )


def test_verify_prints_the_count_and_exits_0_when_intact(signer, capsys):
    _three_entries(signer)

    call_command("audit", "verify")

    assert capsys.readouterr().out.strip() == "3 entries verified, chain intact"


def test_verify_exits_1_naming_the_first_broken_entry(signer, capsys):
    _three_entries(signer)
    AuditEntry.objects.filter(sequence=2).update(reason="quietly edited")

    with pytest.raises(SystemExit) as exited:
        call_command("audit", "verify")

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "chain broken: entry 2: content changed since it was recorded" in err
    assert "1 entries before it verified." in err


def test_export_csv_holds_every_entry_with_its_hashes(signer, tmp_path, capsys):
    _three_entries(signer)
    path = tmp_path / "audit.csv"

    call_command("audit", "export", "--format", "csv", "--output", str(path))

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [row["sequence"] for row in rows] == ["1", "2", "3"]
    assert rows[1]["prev_hash"] == rows[0]["entry_hash"]
    assert rows[2]["entry_hash"] == AuditEntry.objects.get(sequence=3).entry_hash
    assert rows[0]["changes"] == '{"note":["é",null],"threshold":[1,2.5]}'
    assert rows[0]["actor_name"] == "anja"
    assert capsys.readouterr().out.strip() == f"3 audit entries written to {path} (csv)"
    export = AuditEntry.objects.get(sequence=4)
    assert (export.action, export.actor, export.target_model) == (
        "export",
        None,
        "audit.auditentry",
    )
    assert export.changes == {
        "format": [None, "csv"],
        "entries": [None, 3],
        "output": [None, str(path)],
    }


def test_export_json_lets_an_auditor_recompute_every_hash(signer, tmp_path):
    _three_entries(signer)
    path = tmp_path / "audit.json"

    call_command("audit", "export", "--format", "json", "--output", str(path))

    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported["head"]["last_sequence"] == 3
    prev = exported["genesis_prev_hash"]
    for entry in exported["entries"]:
        fields = {key: value for key, value in entry.items() if key != "entry_hash"}
        text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode("utf-8")).hexdigest() == entry["entry_hash"]
        assert entry["prev_hash"] == prev
        prev = entry["entry_hash"]
    assert prev == exported["head"]["last_hash"]
    assert len(exported["entries"]) == 3
