"""The metric interface shared by evidence checks and operational KPIs.

A metric turns a snapshot into one figure plus the records behind it. Gate
criteria of kind "metric" name a metric by key and compare its figure with a
threshold; the assessment stores the figure, the rule and the record ids, so a
reader can always trace a number on a page back to Odoo records.

Each metric's definition is the docstring of its compute function, kept next
to the code that computes it: what it counts, which Odoo fields it reads, and
why it matters in a healthcare operation.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from caregate.evidence.snapshot import Snapshot

#: Programme settings the evidence metrics read, with their defaults. A
#: programme may override any of them (``MetricContext.params``); metrics read
#: them through :meth:`MetricContext.setting`, never from ``params`` directly.
DEFAULT_EVIDENCE_SETTINGS: dict[str, Any] = {
    # A product whose category's full name (e.g. "All / Critical / Sterile")
    # contains any of these strings, case-insensitively, is critical, as is one
    # starred in Odoo (priority '1').
    "critical_category_patterns": ["Critical"],
    # How far back, in days before the as-of moment, KPIs over recent activity
    # look (purchase order cycle time, maintenance completion).
    "kpi_window_days": 90,
    # How long, in hours, a receipt may stay open past its scheduled date
    # before it counts as receiving backlog.
    "receiving_grace_hours": 24,
    # A counted quant is accurate when the counted quantity is within this many
    # units of the recorded one...
    "stock_count_tolerance_units": 0,
    # ...or within this percentage of the recorded quantity, whichever is larger.
    "stock_count_tolerance_pct": 0,
    # How many days a vendor bill may stay in draft after its invoice date
    # before it is an invoice exception.
    "invoice_draft_max_days": 7,
}

#: How many record ids an assessment keeps per result; the query that found
#: them is stored too, so the full list can always be recomputed.
RECORD_ID_LIMIT = 1000


class CannotEvaluate(Exception):
    """The snapshot lacks what a metric needs (an app, a model or a field)."""


@dataclass
class MetricContext:
    """What a metric computes on: the snapshot, a DuckDB view of it, settings."""

    snapshot: Snapshot
    connection: Any  # duckdb.DuckDBPyConnection with one view per model
    params: dict[str, Any] = field(default_factory=dict)
    #: The moment time-based metrics are computed for (UTC). Defaults to
    #: ``params["as_of"]`` when given, else to when the snapshot was collected.
    as_of: dt.datetime | None = None

    def __post_init__(self) -> None:
        as_of = self.as_of or self.params.get("as_of") or self.snapshot.collected_at
        if isinstance(as_of, str):
            as_of = dt.datetime.fromisoformat(as_of)
        if as_of.tzinfo is None:
            # Odoo stores datetimes in UTC; a naive moment is read the same way.
            as_of = as_of.replace(tzinfo=dt.UTC)
        self.as_of = as_of.astimezone(dt.UTC)

    def setting(self, name: str) -> Any:
        """A programme setting: ``params[name]``, else its default."""
        if name in self.params:
            return self.params[name]
        try:
            return DEFAULT_EVIDENCE_SETTINGS[name]
        except KeyError:
            raise KeyError(f"unknown evidence setting {name!r}") from None

    def require(self, model: str, *fields: str) -> None:
        """Raise CannotEvaluate naming the missing model or field."""
        if not self.snapshot.has_model(model):
            raise CannotEvaluate(f"the snapshot has no {model} (is its Odoo app installed?)")
        for name in fields:
            if not self.snapshot.has_field(model, name):
                raise CannotEvaluate(f"the snapshot's {model} has no field {name}")


@dataclass
class MetricResult:
    """One computed figure and the records behind it."""

    value: float
    unit: str
    model: str
    record_ids: list[int]
    query: str
    population: int | None = None
    detail: str = ""

    @property
    def rate(self) -> float | None:
        """Share of the population the records represent, in percent."""
        if not self.population:
            return None
        return 100.0 * len(self.record_ids) / self.population


@dataclass(frozen=True)
class Metric:
    """A registered metric: a data-quality check or an operational KPI."""

    key: str
    title: str
    kind: str  # "check" or "kpi"
    unit: str
    reads: dict[str, tuple[str, ...]]  # Odoo model -> fields read
    compute: Callable[[MetricContext], MetricResult]
    #: For checks: a bad record is one of these; "lower" figures are better.
    better: str = "lower"

    @property
    def definition(self) -> str:
        return inspect.getdoc(self.compute) or ""


REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in REGISTRY:
        raise ValueError(f"metric {metric.key} registered twice")
    if not metric.definition:
        raise ValueError(f"metric {metric.key} has no written definition")
    REGISTRY[metric.key] = metric
    return metric


def get_metric(key: str) -> Metric:
    # Import for side effects: the modules that register checks and KPIs.
    from caregate.evidence import checks, kpis  # noqa: F401

    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}") from None


def all_metrics() -> list[Metric]:
    from caregate.evidence import checks, kpis  # noqa: F401

    return sorted(REGISTRY.values(), key=lambda metric: (metric.kind, metric.key))
