"""The stage-gated method: stages, readiness gates, criteria, sign-offs and assessments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.evidence.models import EvidenceSnapshot
from caregate.programmes.models import Person, Programme, Role


class Gate(TimestampedModel):
    """A readiness gate that closes a phase of the method."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="gates")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    phase = models.CharField(_("phase"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))
    description = models.TextField(_("description"), blank=True)
    deliverables = models.JSONField(_("key deliverables"), default=list)
    primary_owner_role = models.CharField(
        _("primary owner role"), max_length=30, choices=Role.choices
    )
    primary_owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_gates"
    )

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="uniq_gate_key")]

    def __str__(self) -> str:
        return self.name


class Stage(TimestampedModel):
    """One of the ten stages of the method, closed by a gate (or none, at the end)."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETE = "complete", _("Complete")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stages")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"))
    gate = models.ForeignKey(
        Gate, on_delete=models.SET_NULL, null=True, blank=True, related_name="stages"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )

    class Meta:
        ordering = ["programme", "order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="uniq_stage_key")]

    def __str__(self) -> str:
        return self.name


class Criterion(TimestampedModel):
    """One condition a gate needs, evaluated from evidence, sign-offs or registers.

    Criteria are data: the kind says how to evaluate, the parameters say what
    against. A programme tightens or relaxes one through
    :func:`caregate.gates.services.revise_criterion`, which records why.
    """

    class Kind(models.TextChoices):
        METRIC = "metric", _("Metric from evidence against a threshold")
        SIGNOFF = "signoff", _("Sign-off from a named role")
        REGISTER = "register", _("Condition on a register")
        FRESHNESS = "freshness", _("Evidence freshness")

    class Severity(models.TextChoices):
        BLOCKING = "blocking", _("Blocking")
        ADVISORY = "advisory", _("Advisory")

    class Operator(models.TextChoices):
        LTE = "<=", _("at most")
        GTE = ">=", _("at least")
        LT = "<", _("below")
        GT = ">", _("above")
        EQ = "==", _("exactly")

    class Measure(models.TextChoices):
        VALUE = "value", _("the figure itself")
        RATE = "rate", _("share of records, in percent")

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.BLOCKING
    )
    explanation = models.TextField(_("why it matters"))
    next_action = models.TextField(
        _("next action when it fails"), help_text=_("What the owner should do.")
    )
    owner_role = models.CharField(_("owner role"), max_length=30, choices=Role.choices)
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="criteria"
    )
    # kind = metric
    metric_key = models.CharField(_("metric"), max_length=80, blank=True)
    measure = models.CharField(
        _("measure"), max_length=10, choices=Measure.choices, default=Measure.VALUE
    )
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices, blank=True)
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    # kind = signoff
    signoff_role = models.CharField(
        _("sign-off role"), max_length=30, choices=Role.choices, blank=True
    )
    # kind = register
    register_condition = models.CharField(_("register condition"), max_length=80, blank=True)
    # kind = freshness
    max_age_hours = models.FloatField(_("maximum evidence age (hours)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_default = models.BooleanField(_("from the method's defaults"), default=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["gate", "order", "key"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["gate", "key"], name="uniq_criterion_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_blocking(self) -> bool:
        return self.severity == self.Severity.BLOCKING

    def threshold_text(self) -> str:
        """The rule in words, e.g. 'at most 0 records' or 'snapshot younger than 24 h'."""
        if self.kind == self.Kind.METRIC:
            return f"{self.get_operator_display()} {self.threshold:g}{self._threshold_unit()}"
        if self.kind == self.Kind.SIGNOFF:
            return str(_("approved by the %(role)s") % {"role": Role(self.signoff_role).label})
        if self.kind == self.Kind.FRESHNESS:
            return str(_("snapshot younger than %(hours)g h") % {"hours": self.max_age_hours})
        return str(_("no records match"))

    def _threshold_unit(self) -> str:
        if self.measure == self.Measure.RATE:
            return " %"
        from caregate.evidence.metrics import get_metric

        try:
            unit = get_metric(self.metric_key).unit
        except KeyError:
            return ""
        return {"%": " %", "days": " days", "hours": " hours"}.get(unit, "")


class CriterionRevision(models.Model):
    """A recorded change to a criterion: tightened, relaxed (with a reason) or added."""

    class Direction(models.TextChoices):
        ADDED = "added", _("Added")
        TIGHTENED = "tightened", _("Tightened")
        RELAXED = "relaxed", _("Relaxed")
        CHANGED = "changed", _("Changed")

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="revisions")
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    changes = models.JSONField(_("changes"), help_text=_("field -> [before, after]"))
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("criterion revision")
        verbose_name_plural = _("criterion revisions")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_direction_display()}"


class SignOff(models.Model):
    """A named decision maker's decision on a gate, in the role they hold."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    gate = models.ForeignKey(Gate, on_delete=models.PROTECT, related_name="signoffs")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signoffs")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    #: The electronic signature behind the decision; empty for demo data and imports.
    signature = models.ForeignKey(
        "audit.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signoffs",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        get_latest_by = "signed_at"
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")

    def __str__(self) -> str:
        return f"{self.gate}: {self.get_decision_display()} by {self.person}"


class Assessment(models.Model):
    """One evaluation of every active criterion of a programme's gates."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="assessments")
    snapshot = models.ForeignKey(
        EvidenceSnapshot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    trigger = models.CharField(_("run from"), max_length=40, default="cli")

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.programme} @ {self.started_at:%Y-%m-%d %H:%M} UTC"


class GateVerdict(models.Model):
    """A gate's readiness in one assessment: ready only if every blocking criterion passed."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verdicts")
    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="verdicts")
    ready = models.BooleanField(_("ready"))
    blocking_failed = models.PositiveIntegerField(_("blocking criteria failed"))
    blocking_unevaluated = models.PositiveIntegerField(_("blocking criteria not evaluable"))
    advisory_failed = models.PositiveIntegerField(_("advisory criteria failed"))
    passed = models.PositiveIntegerField(_("criteria passed"))
    total = models.PositiveIntegerField(_("criteria evaluated"))

    class Meta:
        ordering = ["assessment", "gate__order"]
        verbose_name = _("gate verdict")
        verbose_name_plural = _("gate verdicts")
        constraints = [models.UniqueConstraint(fields=["assessment", "gate"], name="uniq_verdict")]

    def __str__(self) -> str:
        return f"{self.gate}: {'ready' if self.ready else 'not ready'}"


class CriterionResult(models.Model):
    """What one criterion measured in one assessment, and the evidence behind it."""

    class Outcome(models.TextChoices):
        PASS = "pass", _("Pass")
        FAIL = "fail", _("Fail")
        CANNOT_EVALUATE = "cannot_evaluate", _("Cannot evaluate")

    verdict = models.ForeignKey(GateVerdict, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="results")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Criterion.Severity.choices)
    measured_value = models.FloatField(_("measured value"), null=True, blank=True)
    measured_text = models.CharField(_("measured"), max_length=300)
    threshold_text = models.CharField(_("threshold"), max_length=300)
    reason = models.TextField(_("reason"))
    next_action = models.TextField(_("next action"), blank=True)
    #: {"snapshot_id", "rule", "model", "record_ids", "record_count", "query", ...}
    evidence = models.JSONField(_("evidence"), default=dict)

    class Meta:
        ordering = ["verdict", "criterion__order", "criterion__key"]
        verbose_name = _("criterion result")
        verbose_name_plural = _("criterion results")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_outcome_display()}"

    @property
    def is_blocking(self) -> bool:
        return self.severity == Criterion.Severity.BLOCKING
