"""Terminal output shared by the commands: Rich console, progress bars, readiness summary."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from django.core.management.base import CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

console = Console(highlight=False)
error_console = Console(stderr=True, highlight=False)


def progress_bar() -> Progress:
    """A progress bar for steps that take more than a second (hidden when not a terminal)."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not sys.stdout.isatty(),
    )


class Error(CommandError):
    """A one-line failure; Django prints it as ``Error: <message>`` and exits with code 2."""


def fail(message: str) -> CommandError:
    """A one-line error with exit code 2 (bad input or a named failure)."""
    return Error(message.splitlines()[0] if message else "failed", returncode=2)


@contextmanager
def translated_errors(*errors: type[Exception]):
    """Turn the listed domain errors into one-line CommandErrors (exit code 2)."""
    try:
        yield
    except errors as exc:
        raise fail(str(exc)) from None


def resolve_programme(key: str | None):
    """The programme named by --programme, or the only one there is."""
    from caregate.programmes.models import Programme

    if key:
        programme = Programme.objects.filter(key=key).first()
        if programme is None:
            known = ", ".join(Programme.objects.values_list("key", flat=True)) or "none yet"
            raise fail(f"no programme with key {key!r} (programmes: {known})")
        return programme
    programmes = list(Programme.objects.all()[:2])
    if len(programmes) == 1:
        return programmes[0]
    if not programmes:
        raise fail("no programme yet: run `caregate demo` or `caregate collect` first")
    keys = ", ".join(Programme.objects.values_list("key", flat=True))
    raise fail(f"several programmes exist ({keys}): choose one with --programme")


OUTCOME_STYLE = {"pass": "green", "fail": "bold red", "cannot_evaluate": "yellow"}


def print_readiness(assessment) -> None:
    """Print each gate's verdict and, blocking first, the criteria that stand in the way."""
    snapshot = assessment.snapshot
    console.rule(f"[bold]Readiness — {assessment.programme.name}")
    if snapshot is not None:
        console.print(
            f"Evidence: snapshot [bold]{snapshot.snapshot_id}[/] "
            f"({snapshot.source}, {snapshot.database or '—'}, "
            f"collected {snapshot.collected_at:%Y-%m-%d %H:%M} UTC, "
            f"{snapshot.total_rows:,} records)"
        )
    summary = Table(show_header=True, header_style="bold")
    summary.add_column("Gate")
    summary.add_column("Verdict")
    summary.add_column("Blocking failed", justify="right")
    summary.add_column("Blocking not evaluable", justify="right")
    summary.add_column("Advisory failed", justify="right")
    summary.add_column("Passed", justify="right")
    verdicts = list(assessment.verdicts.select_related("gate").order_by("gate__order"))
    for verdict in verdicts:
        summary.add_row(
            verdict.gate.name,
            "[bold green]READY[/]" if verdict.ready else "[bold red]NOT READY[/]",
            str(verdict.blocking_failed),
            str(verdict.blocking_unevaluated),
            str(verdict.advisory_failed),
            f"{verdict.passed}/{verdict.total}",
        )
    console.print(summary)

    for verdict in verdicts:
        if verdict.ready and not verdict.advisory_failed:
            continue
        results = sorted(
            verdict.results.select_related("criterion").exclude(outcome="pass"),
            key=lambda result: (not result.is_blocking, result.criterion.order),
        )
        if not results:
            continue
        table = Table(title=f"What stands in the way: {verdict.gate.name}", title_justify="left")
        table.add_column("Severity")
        table.add_column("Criterion")
        table.add_column("Outcome")
        table.add_column("Measured")
        table.add_column("Needed")
        table.add_column("Next action")
        for result in results:
            style = OUTCOME_STYLE[result.outcome]
            table.add_row(
                result.get_severity_display(),
                result.criterion.title,
                f"[{style}]{result.get_outcome_display()}[/]",
                result.measured_text,
                result.threshold_text,
                result.next_action or result.reason,
            )
        console.print(table)
