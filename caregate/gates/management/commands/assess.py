"""`caregate assess`: evaluate the gates against the latest (or a named) snapshot.

Exit code 0 when every assessed gate is ready, 1 when at least one is not,
2 when the input is wrong (unknown programme, gate or snapshot, a snapshot
whose files changed).
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from caregate.core.console import (
    console,
    fail,
    print_readiness,
    progress_bar,
    resolve_programme,
    translated_errors,
)
from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.snapshot import SnapshotError
from caregate.gates.assessment import UnknownGate, assess
from caregate.gates.report import write_report


class Command(BaseCommand):
    help = "Assess the programme's readiness gates against evidence."

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="programme key (default: the only programme)")
        parser.add_argument(
            "--gate", action="append", dest="gates", help="gate key; repeat for several"
        )
        parser.add_argument("--snapshot", help="snapshot id (default: the latest)")
        parser.add_argument("--report", help="also write the HTML report to this path")

    def handle(self, *args, **options):
        programme = resolve_programme(options["programme"])
        snapshot = None
        if options["snapshot"]:
            snapshot = EvidenceSnapshot.objects.filter(
                programme=programme, snapshot_id=options["snapshot"]
            ).first()
            if snapshot is None:
                raise fail(f"programme {programme.key} has no snapshot {options['snapshot']!r}")
        total = sum(
            gate.criteria.filter(is_active=True).count()
            for gate in programme.gates.all()
            if not options["gates"] or gate.key in options["gates"]
        )
        with translated_errors(UnknownGate, SnapshotError), progress_bar() as progress:
            task = progress.add_task("Assessing criteria", total=total)
            assessment = assess(
                programme,
                snapshot,
                gate_keys=options["gates"],
                progress=lambda _criterion: progress.advance(task),
            )
        print_readiness(assessment)
        report_path = options["report"] or (
            settings.REPORT_DIR / f"{programme.key}-assessment-{assessment.pk}.html"
        )
        path = write_report(assessment, report_path)
        console.print(f"Report: {path}")
        if not all(verdict.ready for verdict in assessment.verdicts.all()):
            raise SystemExit(1)
