"""`caregate export <register> FILE`: write a register to .xlsx or .csv (by the suffix)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from caregate.core.console import console, fail, resolve_programme
from caregate.spreadsheets.exporter import export_file
from caregate.spreadsheets.schema import UnknownRegister, get_schema


class Command(BaseCommand):
    help = "Export a register (e.g. people) to an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("register", help="register key, e.g. people")
        parser.add_argument("file", help="where to write: a .xlsx or .csv path")
        parser.add_argument("--programme", help="programme key (default: the only programme)")
        parser.add_argument("--template", action="store_true", help="headings only, no rows")

    def handle(self, *args, **options):
        try:
            schema = get_schema(options["register"])
        except UnknownRegister as exc:
            raise fail(str(exc)) from None
        path = Path(options["file"])
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            raise fail(f"cannot export to {path.name}: the file name must end in .xlsx or .csv")
        programme = resolve_programme(options["programme"])
        data = export_file(schema.key, programme, suffix, template=options["template"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        console.print(f"Exported {schema.title} ({programme.key}) to {path}")
