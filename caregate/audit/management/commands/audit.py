"""`caregate audit verify` and `caregate audit export`: check and hand over the audit trail.

verify   recompute every entry's hash and the links between them.
         Exit 0 printing "N entries verified, chain intact"; exit 1 naming the
         first entry that breaks the chain and how.
export   write every entry with its hashes for an auditor:
         ``caregate audit export --format csv|json --output FILE`` (``-`` for stdout).
         The export itself is then recorded as an ``export`` entry (after the
         last exported one). Exit 0; 2 when the file cannot be written.

A progress bar appears when the work takes more than a second (on a terminal).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from caregate.audit.models import AuditEntry
from caregate.audit.services import AuditTarget, record
from caregate.audit.verification import EXPORT_FORMATS, entry_count, export_chain, verify_chain
from caregate.core.console import console, error_console, fail, progress_bar


class _LateProgress:
    """A Rich progress bar that only appears once the work has run for a second."""

    def __init__(self, description: str, total: int, delay: float = 1.0):
        self.description = description
        self.total = total
        self.started = time.monotonic()
        self.delay = delay
        self.bar = None
        self.task = None

    def __call__(self, done: int) -> None:
        if self.bar is None:
            if time.monotonic() - self.started < self.delay:
                return
            self.bar = progress_bar()
            self.bar.start()
            self.task = self.bar.add_task(self.description, total=self.total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain, or export it for auditors."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(
            dest="subcommand", required=True, metavar="verify|export"
        )
        subcommands.add_parser("verify", help="recompute every hash and check the chain")
        export = subcommands.add_parser("export", help="write every entry with its hashes")
        export.add_argument("--format", choices=EXPORT_FORMATS, default="csv", dest="fmt")
        export.add_argument("--output", required=True, help="file to write, or - for stdout")

    def handle(self, *args, **options):
        if options["subcommand"] == "verify":
            self._verify()
        else:
            self._export(options["fmt"], options["output"])

    def _verify(self) -> None:
        progress = _LateProgress("Verifying audit entries", entry_count())
        try:
            result = verify_chain(progress=progress)
        finally:
            progress.close()
        if not result.intact:
            error_console.print(result.summary(), style="bold red", soft_wrap=True, markup=False)
            error_console.print(f"{result.checked:,} entries before it verified.")
            raise SystemExit(1)
        console.print(result.summary(), soft_wrap=True)

    def _export(self, fmt: str, output: str) -> None:
        if output == "-":
            count = export_chain(sys.stdout, fmt)
            _record_export(fmt, count, "stdout")
            return
        path = Path(output)
        progress = _LateProgress("Exporting audit entries", entry_count())
        try:
            count = export_chain(path, fmt, progress=progress)
        except OSError as exc:
            raise fail(f"cannot write {path}: {exc.strerror or exc}") from None
        finally:
            progress.close()
        _record_export(fmt, count, str(path))
        console.print(
            f"{count:,} audit entries written to {path} ({fmt})", soft_wrap=True, markup=False
        )


def _record_export(fmt: str, count: int, destination: str) -> None:
    """Who took a copy of the trail is part of the trail (run from the console: the system)."""
    record(
        None,
        AuditEntry.Action.EXPORT,
        AuditTarget("audit.auditentry", "*", "audit trail"),
        changes={"format": [None, fmt], "entries": [None, count], "output": [None, destination]},
        reason="exported with `caregate audit export`",
    )
