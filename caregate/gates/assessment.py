"""Gate assessment: evaluate every active criterion against evidence and store the verdicts.

A gate is ready only when every one of its blocking criteria passes; a
blocking criterion that cannot be evaluated keeps the gate closed, because
missing evidence is not evidence of readiness.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from caregate.evidence.metrics import (
    RECORD_ID_LIMIT,
    CannotEvaluate,
    MetricContext,
    MetricResult,
    get_metric,
)
from caregate.evidence.models import EvidenceSnapshot
from caregate.evidence.services import open_snapshot
from caregate.evidence.snapshot import Snapshot
from caregate.gates.models import (
    Assessment,
    Criterion,
    CriterionResult,
    Gate,
    GateVerdict,
    SignOff,
)
from caregate.gates.registers import CONDITIONS
from caregate.programmes.models import Programme, Role

logger = logging.getLogger(__name__)

Outcome = CriterionResult.Outcome

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": operator.eq,
}


class UnknownGate(Exception):
    """A gate key that the programme does not have."""


@dataclass
class Evaluation:
    """What evaluating one criterion produced, before it is stored."""

    outcome: str
    measured_text: str
    reason: str
    measured_value: float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)


#: Hook for the decision log's waivers (caregate.decisions.services.honour_waivers):
#: functions (criterion, evaluation, as_of) -> evaluation applied to every evaluation
#: before it is stored. Apps append to it from AppConfig.ready().
EVALUATION_HOOKS: list[Callable[[Criterion, Evaluation, dt.datetime], Evaluation]] = []


class Evaluator:
    """Evaluates criteria for one programme against one snapshot, caching metric results."""

    def __init__(self, programme: Programme, snapshot: Snapshot | None, as_of: dt.datetime):
        self.programme = programme
        self.snapshot = snapshot
        self.as_of = as_of
        self._metric_cache: dict[str, MetricResult | CannotEvaluate] = {}
        self._context: MetricContext | None = None

    def _metric_context(self) -> MetricContext:
        if self._context is None:
            self._context = MetricContext(
                snapshot=self.snapshot,
                connection=self.snapshot.duckdb(),
                params=dict(self.programme.evidence_settings or {}),
            )
        return self._context

    def metric(self, key: str) -> MetricResult:
        if key not in self._metric_cache:
            try:
                metric = get_metric(key)
            except KeyError:
                self._metric_cache[key] = CannotEvaluate(f"no metric is called {key!r}")
            else:
                try:
                    self._metric_cache[key] = metric.compute(self._metric_context())
                except CannotEvaluate as exc:
                    self._metric_cache[key] = exc
        cached = self._metric_cache[key]
        if isinstance(cached, CannotEvaluate):
            raise cached
        return cached

    def evaluate(self, criterion: Criterion) -> Evaluation:
        handler = {
            Criterion.Kind.METRIC: self._evaluate_metric,
            Criterion.Kind.SIGNOFF: self._evaluate_signoff,
            Criterion.Kind.REGISTER: self._evaluate_register,
            Criterion.Kind.FRESHNESS: self._evaluate_freshness,
        }[criterion.kind]
        evaluation = handler(criterion)
        for hook in EVALUATION_HOOKS:  # hook: waivers (see EVALUATION_HOOKS)
            evaluation = hook(criterion, evaluation, self.as_of)
        return evaluation

    # -- the four kinds -------------------------------------------------------------------

    def _evaluate_metric(self, criterion: Criterion) -> Evaluation:
        if self.snapshot is None:
            return Evaluation(
                Outcome.CANNOT_EVALUATE,
                "—",
                "No evidence snapshot has been collected for this programme.",
            )
        try:
            result = self.metric(criterion.metric_key)
        except CannotEvaluate as exc:
            return Evaluation(
                Outcome.CANNOT_EVALUATE,
                "—",
                str(exc),
                evidence={"snapshot_id": self.snapshot.snapshot_id, "rule": criterion.metric_key},
            )

        if criterion.measure == Criterion.Measure.RATE:
            measured = result.rate
            if measured is None:
                return Evaluation(
                    Outcome.CANNOT_EVALUATE,
                    "—",
                    f"{criterion.metric_key} considered no records, so a share cannot be taken.",
                )
            measured_text = f"{measured:.2f} % ({len(result.record_ids)} of {result.population})"
        else:
            measured = float(result.value)
            measured_text = _format_value(measured, result.unit, result.population)

        passed = _COMPARE[criterion.operator](measured, criterion.threshold)
        reason = result.detail or measured_text
        evidence = {
            "snapshot_id": self.snapshot.snapshot_id,
            "rule": criterion.metric_key,
            "model": result.model,
            "record_ids": result.record_ids[:RECORD_ID_LIMIT],
            "record_count": len(result.record_ids),
            "population": result.population,
            "query": result.query,
            "unit": result.unit,
        }
        return Evaluation(
            Outcome.PASS if passed else Outcome.FAIL, measured_text, reason, measured, evidence
        )

    def _evaluate_signoff(self, criterion: Criterion) -> Evaluation:
        latest = (
            SignOff.objects.filter(gate=criterion.gate, role=criterion.signoff_role)
            .select_related("person")
            .order_by("-signed_at", "-id")
            .first()
        )
        role = Role(criterion.signoff_role).label
        if latest is None:
            return Evaluation(
                Outcome.FAIL,
                "no sign-off",
                f"No {role} has signed off this gate.",
                evidence={"model": "gates.signoff", "record_ids": [], "record_count": 0},
            )
        when = latest.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        evidence = {"model": "gates.signoff", "record_ids": [latest.id], "record_count": 1}
        if latest.decision == SignOff.Decision.APPROVED:
            return Evaluation(
                Outcome.PASS,
                f"approved by {latest.person.name}",
                f"{latest.person.name} ({role}) approved on {when}.",
                evidence=evidence,
            )
        return Evaluation(
            Outcome.FAIL,
            f"rejected by {latest.person.name}",
            f"{latest.person.name} ({role}) rejected on {when}: {latest.comment or 'no comment'}",
            evidence=evidence,
        )

    def _evaluate_register(self, criterion: Criterion) -> Evaluation:
        condition = CONDITIONS.get(criterion.register_condition)
        if condition is None:
            return Evaluation(
                Outcome.CANNOT_EVALUATE,
                "—",
                f"No register condition is called {criterion.register_condition!r}.",
            )
        finding = condition(self.programme)
        count = len(finding.record_ids)
        evidence = {
            "rule": criterion.register_condition,
            "model": finding.model,
            "record_ids": finding.record_ids[:RECORD_ID_LIMIT],
            "record_count": count,
            "labels": finding.labels[:RECORD_ID_LIMIT],
            "query": finding.rule,
        }
        if count == 0:
            return Evaluation(Outcome.PASS, "none", "No record breaks the rule.", 0, evidence)
        shown = ", ".join(finding.labels[:5]) + (" …" if count > 5 else "")
        return Evaluation(
            Outcome.FAIL,
            ngettext("%(count)d record", "%(count)d records", count) % {"count": count},
            ngettext(
                "%(count)d record breaks the rule: %(shown)s",
                "%(count)d records break the rule: %(shown)s",
                count,
            )
            % {"count": count, "shown": shown},
            count,
            evidence,
        )

    def _evaluate_freshness(self, criterion: Criterion) -> Evaluation:
        if self.snapshot is None:
            return Evaluation(
                Outcome.FAIL, "no snapshot", "No evidence snapshot has been collected yet."
            )
        age_hours = (self.as_of - self.snapshot.collected_at).total_seconds() / 3600
        evidence = {
            "snapshot_id": self.snapshot.snapshot_id,
            "rule": "snapshot age",
            "collected_at": self.snapshot.collected_at.isoformat(),
            "assessed_at": self.as_of.isoformat(),
        }
        measured_text = f"{age_hours:.1f} h old"
        if age_hours <= criterion.max_age_hours:
            return Evaluation(
                Outcome.PASS, measured_text, "The snapshot is recent enough.", age_hours, evidence
            )
        return Evaluation(
            Outcome.FAIL,
            measured_text,
            f"The snapshot was collected {age_hours:.1f} hours ago, more than "
            f"{criterion.max_age_hours:g}.",
            age_hours,
            evidence,
        )


#: Units that are measures rather than counts of records.
MEASURE_UNITS = {"%", "days", "hours"}


def _format_value(value: float, unit: str, population: int | None = None) -> str:
    """'2 of 310 products', '95.00 %', '4.50 days'."""
    if unit == "%":
        return f"{value:.2f} %"
    number = f"{int(value)}" if float(value).is_integer() else f"{value:.2f}"
    if unit not in MEASURE_UNITS and population is not None:
        return f"{number} of {population} {unit}"
    return f"{number} {unit}"


def assess(
    programme: Programme,
    snapshot: EvidenceSnapshot | None = None,
    *,
    gate_keys: list[str] | None = None,
    as_of: dt.datetime | None = None,
    user=None,
    trigger: str = "cli",
    progress: Callable[[Criterion], None] | None = None,
) -> Assessment:
    """Evaluate the programme's gates against a snapshot (default: its latest) and store it all.

    Raises UnknownGate for a gate key the programme does not have and
    SnapshotIntegrityError when the snapshot's files do not match their hashes;
    in both cases nothing is stored.
    """
    started_at = timezone.now()
    as_of = as_of or started_at
    gates = list(programme.gates.order_by("order"))
    if gate_keys:
        known = {gate.key for gate in gates}
        unknown = [key for key in gate_keys if key not in known]
        if unknown:
            raise UnknownGate(
                f"programme {programme.key} has no gate {', '.join(unknown)} "
                f"(gates: {', '.join(sorted(known))})"
            )
        gates = [gate for gate in gates if gate.key in gate_keys]

    if snapshot is None:
        snapshot = programme.snapshots.order_by("-collected_at").first()
    opened = open_snapshot(snapshot) if snapshot is not None else None
    evaluator = Evaluator(programme, opened, as_of)

    evaluated: list[tuple[Gate, list[tuple[Criterion, Evaluation]]]] = []
    for gate in gates:
        rows = []
        for criterion in gate.criteria.filter(is_active=True).order_by("order", "key"):
            rows.append((criterion, evaluator.evaluate(criterion)))
            if progress:
                progress(criterion)
        evaluated.append((gate, rows))

    with transaction.atomic():
        assessment = Assessment.objects.create(
            programme=programme,
            snapshot=snapshot,
            started_at=started_at,
            finished_at=timezone.now(),
            assessed_by=user,
            trigger=trigger,
        )
        results = []
        tallies = {gate.pk: _tally(rows) for gate, rows in evaluated}
        for gate, rows in evaluated:
            verdict = GateVerdict.objects.create(
                assessment=assessment, gate=gate, **tallies[gate.pk]
            )
            results += [
                CriterionResult(
                    verdict=verdict,
                    criterion=criterion,
                    outcome=evaluation.outcome,
                    severity=criterion.severity,
                    measured_value=evaluation.measured_value,
                    measured_text=evaluation.measured_text[:300],
                    threshold_text=criterion.threshold_text()[:300],
                    reason=evaluation.reason,
                    next_action=criterion.next_action if evaluation.outcome != Outcome.PASS else "",
                    evidence=evaluation.evidence,
                )
                for criterion, evaluation in rows
            ]
        CriterionResult.objects.bulk_create(results)
    for gate, _rows in evaluated:
        tally = tallies[gate.pk]
        logger.info(
            "assessment %s: gate %s %s (%s blocking failed)",
            assessment.pk,
            gate.key,
            "ready" if tally["ready"] else "not ready",
            tally["blocking_failed"],
        )
    return assessment


def _tally(rows: list[tuple[Criterion, Evaluation]]) -> dict[str, Any]:
    blocking = [evaluation for criterion, evaluation in rows if criterion.is_blocking]
    advisory = [evaluation for criterion, evaluation in rows if not criterion.is_blocking]
    blocking_failed = sum(1 for evaluation in blocking if evaluation.outcome == Outcome.FAIL)
    blocking_unevaluated = sum(
        1 for evaluation in blocking if evaluation.outcome == Outcome.CANNOT_EVALUATE
    )
    return {
        "ready": blocking_failed == 0 and blocking_unevaluated == 0,
        "blocking_failed": blocking_failed,
        "blocking_unevaluated": blocking_unevaluated,
        "advisory_failed": sum(1 for evaluation in advisory if evaluation.outcome == Outcome.FAIL),
        "passed": sum(1 for _criterion, evaluation in rows if evaluation.outcome == Outcome.PASS),
        "total": len(rows),
    }
