"""`caregate import <register> FILE`: load a register from an XLSX or CSV file.

Every row is checked first; any problem rejects the whole file, prints a table
of problems (sheet, row, column, message) and exits with code 2. An accepted
file prints how many rows were created, updated and left unchanged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand
from rich.table import Table

from caregate.core.console import console, error_console, fail, resolve_programme
from caregate.spreadsheets.cells import DATE_ORDERS
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.problems import ImportRejected
from caregate.spreadsheets.schema import UnknownRegister, get_schema


class Command(BaseCommand):
    help = "Import a register (e.g. people) from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("register", help="register key, e.g. people")
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--programme", help="programme key (default: the only programme)")
        parser.add_argument(
            "--date-order",
            choices=DATE_ORDERS,
            help="how to read dates like 03/04/2026 (DMY: 3 April, MDY: 4 March)",
        )
        parser.add_argument("--encoding", help="CSV encoding when not UTF-8, e.g. cp1252")

    def handle(self, *args, **options):
        try:
            schema = get_schema(options["register"])
        except UnknownRegister as exc:
            raise fail(str(exc)) from None
        path = Path(options["file"])
        if not path.is_file():
            raise fail(f"no such file: {path}")
        programme = resolve_programme(options["programme"])
        try:
            run = import_file(
                schema.key,
                path,
                path.name,
                programme,
                None,
                date_order=options["date_order"],
                encoding=options["encoding"],
            )
        except ImportRejected as exc:
            print_problems(exc.problems)
            raise fail(
                f"{path.name} rejected: {len(exc.problems)} problem(s); nothing was imported"
            ) from None
        console.print(
            f"Imported {run.rows_read} rows of {path.name} into {schema.title} "
            f"({programme.key}): [bold]{run.created}[/] created, [bold]{run.updated}[/] "
            f"updated, {run.unchanged} unchanged."
        )


def print_problems(problems) -> None:
    table = Table(title="Problems", title_justify="left", header_style="bold")
    table.add_column("Sheet")
    table.add_column("Row", justify="right")
    table.add_column("Column")
    table.add_column("Problem")
    for problem in problems:
        table.add_row(
            problem.sheet or "—",
            "—" if problem.row is None else str(problem.row),
            problem.column or "—",
            problem.message,
        )
    error_console.print(table)
