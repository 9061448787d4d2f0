"""`caregate collect`: read evidence from a live Odoo into a snapshot for a programme.

The password or API key comes from the environment (ODOO_API_KEY, ODOO_PASSWORD,
or their *_FILE variants) or from a prompt when a person is at the terminal;
never from the command line, where it would land in shell history and ``ps``.
"""

from __future__ import annotations

import getpass
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from rich.table import Table

from caregate.conf import ConfigurationError, env_secret, env_str
from caregate.core.console import console, fail, progress_bar
from caregate.evidence.collection import CONCURRENT_READS, collect_snapshot
from caregate.evidence.services import register_snapshot
from caregate.evidence.snapshot import Snapshot, SnapshotError
from caregate.odoo.client import DEFAULT_TIMEOUT, PROTOCOLS, OdooClient, Secret
from caregate.odoo.errors import OdooError


def odoo_secret(login: str, url: str) -> Secret:
    """The secret from ODOO_API_KEY / ODOO_PASSWORD (or *_FILE), else a prompt on a terminal."""
    try:
        api_key = env_secret("ODOO_API_KEY")
        password = env_secret("ODOO_PASSWORD")
    except ConfigurationError as exc:
        raise fail(str(exc)) from None
    if api_key:
        return Secret(api_key, "api_key")
    if password:
        return Secret(password, "password")
    if sys.stdin.isatty():
        return Secret(getpass.getpass(f"Odoo password for {login} at {url}: "), "password")
    raise fail(
        "no Odoo password: set ODOO_PASSWORD (or ODOO_PASSWORD_FILE, or ODOO_API_KEY) "
        "in the environment"
    )


class Command(BaseCommand):
    help = "Read evidence from a live Odoo database into a snapshot and register it."

    def add_arguments(self, parser):
        parser.add_argument("--url", help="Odoo's address, e.g. https://erp.example.org (ODOO_URL)")
        parser.add_argument("--db", help="the Odoo database (ODOO_DB)")
        parser.add_argument("--user", help="login of a user who may read the models (ODOO_USER)")
        parser.add_argument("--protocol", choices=PROTOCOLS, default="auto")
        parser.add_argument(
            "--programme", help="the programme to register the snapshot with (default odoo-<db>)"
        )
        parser.add_argument(
            "--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds per request"
        )
        parser.add_argument(
            "--concurrency",
            type=int,
            default=CONCURRENT_READS,
            choices=range(1, 9),
            metavar="N",
            help="reads under way at once, 1-8 (raise it for an Odoo with several workers)",
        )

    def handle(self, *args, **options):
        url = options["url"] or env_str("ODOO_URL")
        database = options["db"] or env_str("ODOO_DB")
        login = options["user"] or env_str("ODOO_USER")
        for value, option, variable in (
            (url, "--url", "ODOO_URL"),
            (database, "--db", "ODOO_DB"),
            (login, "--user", "ODOO_USER"),
        ):
            if not value:
                raise fail(f"no Odoo {option[2:]}: pass {option} or set {variable}")
        if not url.startswith(("http://", "https://")):
            raise fail(f"--url {url!r} is not an http:// or https:// address")
        if options["timeout"] <= 0:
            raise fail(f"--timeout {options['timeout']:g} must be a positive number of seconds")
        secret = odoo_secret(login, url)
        key = options["programme"] or f"odoo-{database}"

        call_command("migrate", verbosity=0, interactive=False)
        from caregate.programmes.services import get_or_create_programme

        client = OdooClient(
            url, database, login, secret, protocol=options["protocol"], timeout=options["timeout"]
        )
        try:
            with client, progress_bar() as progress:
                tasks: dict[str, int] = {}

                def report(model: str, done: int, total: int) -> None:
                    if model not in tasks:
                        tasks[model] = progress.add_task(model, total=total)
                    progress.update(tasks[model], completed=done, total=total)

                client.connect()
                path = collect_snapshot(
                    client,
                    settings.SNAPSHOT_DIR,
                    progress=report,
                    concurrent_reads=options["concurrency"],
                )
        except (OdooError, SnapshotError) as exc:
            raise fail(str(exc)) from None
        programme = get_or_create_programme(key, f"Odoo {database}")
        register_snapshot(programme, path)
        self._print_summary(Snapshot.open(path, verify=False), programme.key)

    def _print_summary(self, snapshot: Snapshot, programme_key: str) -> None:
        manifest = snapshot.manifest
        table = Table("model", "rows", "seconds", title=f"Snapshot {snapshot.snapshot_id}")
        for model, entry in snapshot.iter_models():
            timing = manifest.get("timings", {}).get(model, {})
            table.add_row(model, f"{entry['rows']:,}", f"{timing.get('seconds', 0):.1f}")
        console.print(table)
        for skipped in manifest.get("skipped_models", []):
            console.print(f"skipped {skipped['model']}: module {skipped['module']} not installed")
        console.print(f"Registered with programme {programme_key}: {snapshot.path}")
