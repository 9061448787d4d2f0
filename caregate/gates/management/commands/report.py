"""`caregate report`: write the self-contained HTML report of an assessment."""

from django.conf import settings
from django.core.management.base import BaseCommand

from caregate.core.console import console, fail, resolve_programme
from caregate.gates.report import write_report


class Command(BaseCommand):
    help = "Write the HTML report of an assessment (default: the latest)."

    def add_arguments(self, parser):
        parser.add_argument("--programme", help="programme key (default: the only programme)")
        parser.add_argument("--assessment", type=int, help="assessment number (default: latest)")
        parser.add_argument("--output", help="file to write (default: under the report folder)")

    def handle(self, *args, **options):
        programme = resolve_programme(options["programme"])
        assessments = programme.assessments.order_by("-started_at", "-id")
        if options["assessment"]:
            assessments = assessments.filter(pk=options["assessment"])
        assessment = assessments.first()
        if assessment is None:
            if not options["assessment"] or not programme.assessments.exists():
                raise fail(
                    f"programme {programme.key} has no assessment: run `caregate assess` first"
                )
            numbers = programme.assessments.order_by("-pk").values_list("pk", flat=True)[:10]
            raise fail(
                f"programme {programme.key} has no assessment {options['assessment']} "
                f"(its latest: {', '.join(map(str, numbers))})"
            )
        output = options["output"] or (
            settings.REPORT_DIR / f"{programme.key}-assessment-{assessment.pk}.html"
        )
        try:
            path = write_report(assessment, output)
        except OSError as exc:
            raise fail(f"cannot write the report to {output}: {exc.strerror}") from None
        console.print(f"Report: {path}")
