"""`caregate import` and `caregate export`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from caregate.programmes.models import RoleAssignment
from caregate.spreadsheets.models import ImportRun
from tests.spreadsheets.conftest import PEOPLE_ROWS, csv_text, xlsx_bytes


def test_import_prints_the_counts(programme, tmp_path, capsys):
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes(PEOPLE_ROWS))

    call_command("import", "people", str(path), "--programme", "north")

    out = capsys.readouterr().out
    assert (
        "Imported 4 rows of people.xlsx into People and roles (north): 4 created, 0 "
        "updated, 0 unchanged." in " ".join(out.split())
    )
    assert RoleAssignment.objects.count() == 4


def test_a_rejected_import_prints_every_problem_and_exits_2(programme, tmp_path, capsys):
    rows = [list(row) for row in PEOPLE_ROWS]
    rows[0][3] = "Boss"
    rows[2][1] = "nope"
    path = tmp_path / "people.csv"
    path.write_text(csv_text(rows), encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        call_command("import", "people", str(path))

    assert caught.value.returncode == 2
    assert str(caught.value) == "people.csv rejected: 2 problem(s); nothing was imported"
    err = capsys.readouterr().err
    assert "'Boss' is not an allowed value" in err
    assert "'nope' is not an e-mail address" in err
    assert "Role" in err and "E-mail" in err
    assert (RoleAssignment.objects.count(), ImportRun.objects.count()) == (0, 0)


def test_import_passes_the_declared_date_order_and_encoding(programme, tmp_path, capsys):
    path = tmp_path / "people.csv"
    path.write_bytes(csv_text(PEOPLE_ROWS).encode("cp1252"))

    with pytest.raises(CommandError):
        call_command("import", "people", str(path))
    call_command("import", "people", str(path), "--encoding", "cp1252", "--date-order", "DMY")

    assert RoleAssignment.objects.filter(person__name="Chloé Martin").count() == 1


def test_unknown_register_and_missing_file_are_one_line_errors(programme, tmp_path):
    with pytest.raises(CommandError, match=r"^no register 'staff' \(registers: .*people"):
        call_command("import", "staff", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match=r"^no such file: .*missing\.csv$"):
        call_command("import", "people", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_writes_the_format_of_the_suffix(programme, tmp_path, suffix):
    call_command("import", "people", _written(tmp_path, PEOPLE_ROWS))
    target = tmp_path / "out" / f"people.{suffix}"

    call_command("export", "people", str(target), "--programme", "north")

    data = target.read_bytes()
    assert data.startswith(b"PK\x03\x04" if suffix == "xlsx" else b"\xef\xbb\xbfName,")


def test_export_refuses_other_suffixes(programme, tmp_path):
    with pytest.raises(CommandError, match=r"must end in \.xlsx or \.csv"):
        call_command("export", "people", str(tmp_path / "people.ods"))


def _written(tmp_path, rows) -> str:
    path = tmp_path / "in.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return str(path)
