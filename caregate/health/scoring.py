"""Programme health: the seven common failure points of an ERP rollout, each scored 0-100.

Each scorer reads only what exists: the registers that are installed (gaps,
customizations, training, RAID …), the latest gate assessment and the
programme's own structure. A scorer whose source register is not installed or
holds nothing says so ("cannot score: …") instead of guessing. The docstring of
each scorer is its definition and is shown on the health page.

RAG bands: green 80-100, amber 50-79, red 0-49; grey when it cannot be scored.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Programme, Role

logger = logging.getLogger(__name__)

GREEN_FROM = 80
AMBER_FROM = 50


@dataclass(frozen=True)
class EvidenceLink:
    """A record behind a score: what it is and where to see it (None: no page for it)."""

    label: str
    url: str | None = None


@dataclass
class HealthScore:
    """One failure point's score, the reasoning behind it and the records it rests on."""

    key: str
    title: str
    definition: str
    score: int | None = None
    reasoning: list[str] = field(default_factory=list)
    records: list[EvidenceLink] = field(default_factory=list)
    cannot_score: str = ""

    @property
    def rag(self) -> str:
        """green, amber, red, or grey when the failure point cannot be scored."""
        if self.score is None:
            return "grey"
        if self.score >= GREEN_FROM:
            return "green"
        if self.score >= AMBER_FROM:
            return "amber"
        return "red"


class CannotScore(Exception):
    """The source a failure point is scored from does not exist (yet) or holds nothing."""


def _clamp(value: float) -> int:
    return max(0, min(100, round(value)))


def _url(name: str, *args, query: dict | None = None) -> str | None:
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def _model(app_label: str, model_name: str):
    """A register's model if its app is installed, else None (health works without it)."""
    if not apps.is_installed(f"caregate.{app_label}"):
        return None
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


# --- the seven scorers ------------------------------------------------------------------


def unclear_scope(programme: Programme, score: HealthScore) -> None:
    """Scope is clear when every open gap has a decided resolution path and a business
    owner, and every workstream has a process owner. Starting from 100: minus 15 for each
    open critical or high gap without a resolution path or owner, minus 5 for each other
    open gap without one, minus 20 for each workstream without a process owner. Cannot be
    scored without a gap register, or while it is empty (no fit-gap analysis recorded)."""
    gap_model = _model("gaps", "Gap")
    if gap_model is None:
        raise CannotScore("no gap register yet")
    gaps_models = importlib.import_module("caregate.gaps.models")
    gaps = gap_model.objects.filter(programme=programme)
    if not gaps.exists():
        raise CannotScore("the gap register is empty: no fit-gap analysis recorded")
    open_gaps = gaps.filter(status__in=gaps_models.OPEN_STATUSES)
    undecided = [
        gap
        for gap in open_gaps.order_by("reference")
        if not gap.resolution_path or gap.owner_id is None
    ]
    serious = [gap for gap in undecided if gap.criticality in ("critical", "high")]
    other = len(undecided) - len(serious)
    unowned_streams = list(
        programme.workstreams.exclude(roles__role=Role.PROCESS_OWNER).order_by("order")
    )
    score.score = _clamp(100 - 15 * len(serious) - 5 * other - 20 * len(unowned_streams))
    score.reasoning += [
        f"{open_gaps.count()} open gaps of {gaps.count()} recorded.",
        f"{len(serious)} open critical or high gaps lack a resolution path or owner (-15 each).",
        f"{other} other open gaps lack a resolution path or owner (-5 each).",
        f"{len(unowned_streams)} workstreams have no process owner (-20 each).",
    ]
    for gap in undecided:
        missing = [] if gap.resolution_path else ["resolution path"]
        missing += [] if gap.owner_id else ["owner"]
        score.records.append(
            EvidenceLink(
                f"{gap.reference} {gap.title} ({gap.criticality}): no {' and no '.join(missing)}",
                _url("gaps:detail", gap.reference, query={"programme": programme.key}),
            )
        )
    score.records += [
        EvidenceLink(f"Workstream {stream.name}: no process owner") for stream in unowned_streams
    ]


#: Metrics that measure master data (products, vendors, units, reorder rules, lots).
MASTER_DATA_METRICS = (
    "critical_products_without_supplier",
    "orderpoint_min_above_max",
    "duplicate_partners",
    "quant_lot_of_other_product",
    "purchase_uom_category_mismatch",
)


def poor_master_data(programme: Programme, score: HealthScore) -> None:
    """Master data is healthy when the latest assessment's master-data checks pass
    (critical products without a vendor, reorder rules with minimum above maximum,
    duplicate partners, stock on another product's lot, purchase units in another
    category). Score = share of those criterion results that passed, in percent; a check
    that could not be evaluated counts as not passed. Cannot be scored before the first
    assessment."""
    from caregate.gates.models import Assessment, CriterionResult

    assessment = Assessment.objects.filter(programme=programme).order_by("-started_at").first()
    if assessment is None:
        raise CannotScore("no gate assessment has been run yet")
    results = list(
        CriterionResult.objects.filter(
            verdict__assessment=assessment, criterion__metric_key__in=MASTER_DATA_METRICS
        ).select_related("criterion", "verdict__gate")
    )
    if not results:
        raise CannotScore("the latest assessment evaluated no master-data check")
    passed = [result for result in results if result.outcome == CriterionResult.Outcome.PASS]
    score.score = _clamp(100 * len(passed) / len(results))
    score.reasoning.append(
        f"{len(passed)} of {len(results)} master-data checks passed in the assessment of "
        f"{assessment.started_at:%Y-%m-%d %H:%M} UTC."
    )
    for result in results:
        if result.outcome != CriterionResult.Outcome.PASS:
            score.records.append(
                EvidenceLink(
                    f"{result.criterion.title}: {result.measured_text} "
                    f"(threshold {result.threshold_text})",
                    _url("core:evidence", result.pk),
                )
            )


#: Above this share of decided gaps closed by custom code, customization is "excessive".
CUSTOMIZATION_SHARE_LIMIT = 15


def excessive_customization(programme: Programme, score: HealthScore) -> None:
    """Customization is under control when few gaps are closed with custom code and none
    is built without full approval. Starting from 100: minus 2 for each percentage point
    by which the share of decided gaps resolved by customization exceeds 15 %, minus 20
    for each customization in build or built without full approval (justification, owner,
    reviews, test cases, upgrade impact and the design authority's approval). Cannot be
    scored without a customization register."""
    customization_model = _model("customizations", "Customization")
    if customization_model is None:
        raise CannotScore("no customization register yet")
    customizations = customization_model.objects.filter(programme=programme)
    active = customizations.exclude(status="retired")
    penalty = 0.0
    gap_model = _model("gaps", "Gap")
    if gap_model is not None:
        decided = gap_model.objects.filter(programme=programme).exclude(resolution_path="")
        decided_count = decided.count()
        custom = decided.filter(resolution_path="customization").count()
        if decided_count:
            share = 100 * custom / decided_count
            penalty += 2 * max(0.0, share - CUSTOMIZATION_SHARE_LIMIT)
            score.reasoning.append(
                f"{custom} of {decided_count} decided gaps are resolved by customization "
                f"({share:.0f} %; limit {CUSTOMIZATION_SHARE_LIMIT} %)."
            )
    try:
        services = importlib.import_module("caregate.customizations.services")
        unapproved = services.in_build_without_full_approval(programme)
    except (ImportError, AttributeError, LookupError):
        # TODO: without the customization services the approval rule cannot be checked.
        unapproved = []
        score.reasoning.append("Full approval could not be checked (no customization services).")
    penalty += 20 * len(unapproved)
    score.score = _clamp(100 - penalty)
    score.reasoning += [
        f"{active.count()} customizations are not retired.",
        f"{len(unapproved)} are in build or built without full approval (-20 each).",
    ]
    score.records += [
        EvidenceLink(
            f"{each.reference} {each.title}: {each.get_status_display()} without full approval",
            _url("customizations:detail", each.reference, query={"programme": programme.key}),
        )
        for each in unapproved
    ]


def weak_testing(programme: Programme, score: HealthScore) -> None:
    """Testing is strong when the test cases of every process and customization ran and
    passed, with open defects within the exit criteria. Read from a testing register
    (test cases, runs, defects). The score is the share of in-scope scenarios of all
    cycles whose computed status is passed (0-100), minus 25 for each open severity-1
    defect and 5 for each open severity-2 defect without an agreed workaround. Cannot be
    scored before a test cycle is recorded."""
    if not apps.is_installed("caregate.testing"):
        raise CannotScore("no testing register yet")
    testing = importlib.import_module("caregate.testing.services")
    testing_models = importlib.import_module("caregate.testing.models")
    cycles = testing_models.TestCycle.objects.filter(programme=programme)
    if not cycles.exists():
        raise CannotScore("no test cycle recorded yet")
    report = testing.coverage(cycles)
    in_scope = sum(cov.in_scope for cov in report.by_cycle.values())
    passed = sum(cov.counts["passed"] for cov in report.by_cycle.values())
    open_defects = testing_models.Defect.objects.filter(
        programme=programme, status__in=testing_models.OPEN_DEFECT_STATUSES
    )
    critical = list(open_defects.filter(severity=1).order_by("reference"))
    unworked = open_defects.filter(severity=2, workaround_agreed=False).count()
    share = 100 * passed / in_scope if in_scope else 0.0
    score.score = _clamp(share - 25 * len(critical) - 5 * unworked)
    score.reasoning += [
        f"{passed} of {in_scope} in-scope scenario runs passed ({share:.0f} %).",
        f"{len(critical)} open severity-1 defects (-25 each).",
        f"{unworked} open severity-2 defects without an agreed workaround (-5 each).",
    ]
    score.records += [
        EvidenceLink(
            f"{defect.reference} {defect.title}: severity 1, {defect.get_status_display()}",
            _url("testing:defect", defect.reference, query={"programme": programme.key}),
        )
        for defect in critical
    ]


def undertrained_users(programme: Programme, score: HealthScore) -> None:
    """Users are trained when every site x role cell of the next wave is at or above the
    training completion threshold with nothing stale (the go-live criterion; see
    caregate.training.readiness). Score = share of the next wave's cells with trainees that
    meet it, in percent (every site's cells when no wave is scheduled), at most 79 (amber)
    while any cell fails, because one failing cell already blocks the go-live gate. Cannot
    be scored without a training register or trainees."""
    if _model("training", "Trainee") is None:
        raise CannotScore("no training register yet")
    readiness_module = importlib.import_module("caregate.training.readiness")
    readiness = readiness_module.compute_readiness(programme)
    cells = [
        cell
        for cell in readiness.cells.values()
        if cell.trainees and (cell.in_next_wave or not readiness.wave_site_ids)
    ]
    if not cells:
        raise CannotScore("no trainees recorded for the next wave")
    failing = [cell for cell in cells if not cell.meets(readiness.threshold)]
    score.score = _clamp(100 * (len(cells) - len(failing)) / len(cells))
    if failing:
        score.score = min(score.score, GREEN_FROM - 1)
    trainees, complete, stale = readiness.totals
    scope = str(readiness.next_wave) if readiness.next_wave else "every site"
    score.reasoning += [
        f"{len(cells) - len(failing)} of {len(cells)} site x role cells of {scope} meet "
        f"{readiness.threshold:g} % with nothing stale.",
        f"Network-wide: {complete} of {trainees} active trainees complete, {stale} stale.",
    ]
    score.records += [
        EvidenceLink(
            f"{cell.label}: {cell.shortfall(readiness.threshold)}",
            _url(
                "training:trainees",
                query={"programme": programme.key, "site": cell.site.pk, "role": cell.role.pk},
            ),
        )
        for cell in sorted(failing, key=lambda each: (each.site.name, each.role.order))
    ]


def inadequate_cutover_planning(programme: Programme, score: HealthScore) -> None:
    """Cutover is planned when every cutover task has an owner, a slot and a rehearsal
    result, and the rehearsals fit the window. Read from a cutover register."""
    if not apps.is_installed("caregate.cutover"):
        raise CannotScore("no cutover register yet")
    # TODO: score from the cutover register once it exists (owned tasks, rehearsal timings).
    raise CannotScore("the cutover register has no health scorer yet")


#: Roles that must be held once the project hands over to operations.
AFTER_GO_LIVE_ROLES = (Role.HYPERCARE_LEAD, Role.OPERATIONS_LEAD, Role.SUPPORT_MANAGER)


def unresolved_ownership(programme: Programme, score: HealthScore) -> None:
    """Ownership after go-live is resolved when four things hold, each worth 25 points in
    proportion: the go-live and hypercare gates have a primary owner; the hypercare lead,
    operations lead and support manager roles are held; every hypercare criterion has a
    named owner; every open RAID risk and issue has an owner (when the RAID log is
    installed; otherwise its 25 points are shared by the other three)."""
    from caregate.gates.models import Criterion

    parts: list[tuple[str, int, int]] = []  # (what, satisfied, total)
    gates = list(programme.gates.filter(key__in=("go-live", "hypercare")).order_by("order"))
    owned_gates = [gate for gate in gates if gate.primary_owner_id]
    parts.append(("gates with a primary owner", len(owned_gates), len(gates)))
    score.records += [
        EvidenceLink(f"Gate {gate.name}: no primary owner", _url("core:gate", gate.key))
        for gate in gates
        if not gate.primary_owner_id
    ]
    held = set(
        programme.people.filter(roles__role__in=AFTER_GO_LIVE_ROLES).values_list(
            "roles__role", flat=True
        )
    )
    parts.append(("after-go-live roles held", len(held), len(AFTER_GO_LIVE_ROLES)))
    score.records += [
        EvidenceLink(f"Role {Role(role).label}: nobody holds it")
        for role in AFTER_GO_LIVE_ROLES
        if role not in held
    ]
    criteria = list(
        Criterion.objects.filter(gate__programme=programme, gate__key="hypercare").order_by(
            "order", "key"
        )
    )
    owned = [criterion for criterion in criteria if criterion.owner_id]
    parts.append(("hypercare criteria with an owner", len(owned), len(criteria)))
    score.records += [
        EvidenceLink(
            f"Hypercare criterion {criterion.title}: no owner", _url("core:gate", "hypercare")
        )
        for criterion in criteria
        if not criterion.owner_id
    ]
    risk_model, issue_model = _model("raid", "Risk"), _model("raid", "Issue")
    if risk_model is not None and issue_model is not None:
        raid = importlib.import_module("caregate.raid.models")
        open_items = list(
            risk_model.objects.filter(programme=programme, status__in=raid.OPEN_RISK)
        ) + list(issue_model.objects.filter(programme=programme, status__in=raid.OPEN_ISSUE))
        unowned = sorted(
            (item for item in open_items if item.owner_id is None), key=lambda i: i.reference
        )
        parts.append(
            ("open risks and issues with an owner", len(open_items) - len(unowned), len(open_items))
        )
        for item in unowned:
            kind = "risks" if isinstance(item, risk_model) else "issues"
            score.records.append(
                EvidenceLink(
                    f"{item.reference} {item.title}: no owner", _url("raid:detail", kind, item.pk)
                )
            )
    weight = 100 / len(parts)
    total = 0.0
    for what, satisfied, count in parts:
        share = satisfied / count if count else 1.0
        total += weight * share
        score.reasoning.append(
            f"{satisfied} of {count} {what} ({weight:.0f} points x {share:.0%})."
        )
    score.score = _clamp(total)


SCORERS: tuple[tuple[str, str, Callable[[Programme, HealthScore], None]], ...] = (
    ("unclear-scope", _("Unclear scope"), unclear_scope),
    ("poor-master-data", _("Poor master data"), poor_master_data),
    ("excessive-customization", _("Excessive customization"), excessive_customization),
    ("weak-testing", _("Weak testing"), weak_testing),
    ("undertrained-users", _("Undertrained users"), undertrained_users),
    ("inadequate-cutover", _("Inadequate cutover planning"), inadequate_cutover_planning),
    (
        "unresolved-ownership",
        _("Ownership left unresolved after go-live"),
        unresolved_ownership,
    ),
)


def programme_health(programme: Programme) -> list[HealthScore]:
    """The seven failure points of a programme, scored, in the order they are listed."""
    scores = []
    for key, title, scorer in SCORERS:
        score = HealthScore(key, str(title), scorer.__doc__ or "")
        try:
            scorer(programme, score)
        except CannotScore as reason:
            score.score = None
            score.cannot_score = str(reason)
            score.reasoning = []
        scores.append(score)
    return scores
