"""Imports leave an audit trail: one "import" entry for the run and one per changed record."""

from __future__ import annotations

from caregate.audit.models import AuditEntry
from caregate.programmes.models import Person
from caregate.spreadsheets.importer import import_file
from tests.spreadsheets.conftest import PEOPLE_ROWS, xlsx_bytes


def entries() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("sequence").values_list("action", "target_model", "changes")
    )


def test_a_first_import_records_the_run_and_each_created_role(programme):
    run = import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)

    recorded = entries()
    assert [(action, model) for action, model, _changes in recorded] == [
        ("import", "spreadsheets.importrun"),
        *[("import", "programmes.roleassignment")] * 4,
    ]
    assert recorded[0][2] == {"created": 4, "updated": 0, "unchanged": 0, "sha256": run.sha256}
    assert recorded[1][2]["role"] == [None, "process_owner"]
    assert recorded[1][2]["email"] == [None, "ann.jansen@example.org"]


def test_an_unchanged_reimport_records_only_the_run_and_a_change_names_the_person(programme):
    import_file("people", xlsx_bytes(PEOPLE_ROWS), "people.xlsx", programme, None)
    rows = [list(row) for row in PEOPLE_ROWS]
    import_file("people", xlsx_bytes(rows), "people.xlsx", programme, None)
    rows[2][2] = "Chief financial officer"
    before = AuditEntry.objects.count()

    import_file("people", xlsx_bytes(rows), "people.xlsx", programme, None)

    assert before == 6  # 5 for the first import, 1 for the unchanged one
    bram = Person.objects.get(name="Bram de Vries")
    assert entries()[before:] == [
        (
            "import",
            "spreadsheets.importrun",
            {"created": 0, "updated": 1, "unchanged": 3, "sha256": entries()[before][2]["sha256"]},
        ),
        ("import", "programmes.person", {"job_title": ["CFO", "Chief financial officer"]}),
    ]
    assert AuditEntry.objects.order_by("sequence").last().target_id == str(bram.pk)
