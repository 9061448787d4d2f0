"""Test management: scenarios, test cycles, executions, defects and cycle sign-offs."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Site, Wave, Workstream


class ScenarioPriority(models.TextChoices):
    """How much the business depends on the scenario working on day one."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class Scenario(TimestampedModel):
    """A business scenario the programme must prove in test, with ordered steps."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="scenarios")
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Stable key within the programme, e.g. SC-0001.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.RESTRICT,
        related_name="scenarios",
        verbose_name=_("workstream"),
    )
    process_owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_scenarios",
        verbose_name=_("process owner"),
    )
    odoo_apps = models.JSONField(
        _("Odoo apps"), default=list, blank=True, help_text=_("Odoo apps the scenario crosses.")
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=ScenarioPriority.choices, default="medium"
    )
    is_default = models.BooleanField(
        _("pre-filled continuity scenario"), default=False, editable=False
    )

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_scenario_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ScenarioStep(models.Model):
    """One ordered step of a scenario: what the tester does and what should happen."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    action = models.TextField(_("action"))
    expected_result = models.TextField(_("expected result"))

    class Meta:
        ordering = ["scenario", "order"]
        verbose_name = _("scenario step")
        verbose_name_plural = _("scenario steps")
        constraints = [
            models.UniqueConstraint(fields=["scenario", "order"], name="uniq_scenario_step")
        ]

    def __str__(self) -> str:
        return f"{self.scenario.reference} step {self.order}"


class CycleKind(models.TextChoices):
    """Which level of testing a cycle is."""

    UNIT = "unit", _("Unit")
    SYSTEM_INTEGRATION = "sit", _("System integration")
    ACCEPTANCE = "uat", _("User acceptance")


class CycleStatus(models.TextChoices):
    """Where the cycle is in its plan."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class TestCycle(TimestampedModel):
    """A planned round of testing for a wave at a site, with the scenarios in scope."""

    __test__ = False  # not a pytest test class despite the name

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="test_cycles")
    kind = models.CharField(_("kind"), max_length=10, choices=CycleKind.choices)
    name = models.CharField(_("name"), max_length=200)
    wave = models.ForeignKey(
        Wave,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="test_cycles",
        verbose_name=_("wave"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="test_cycles",
        verbose_name=_("site"),
        help_text=_("The test environment that matters for this cycle."),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    scenarios = models.ManyToManyField(
        Scenario, related_name="cycles", blank=True, verbose_name=_("scenarios in scope")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CycleStatus.choices, default=CycleStatus.PLANNED
    )

    class Meta:
        ordering = ["programme", "planned_start", "name"]
        verbose_name = _("test cycle")
        verbose_name_plural = _("test cycles")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="uniq_test_cycle_name")
        ]

    def __str__(self) -> str:
        return self.name


class ExecutionResult(models.TextChoices):
    """The outcome of one run of a scenario."""

    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    BLOCKED = "blocked", _("Blocked")


class Execution(TimestampedModel):
    """One run of a scenario in a cycle: who, when, result per step, evidence."""

    cycle = models.ForeignKey(TestCycle, on_delete=models.CASCADE, related_name="executions")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="executions")
    tester = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="executions",
        verbose_name=_("tester"),
    )
    executed_at = models.DateTimeField(_("executed at"))
    result = models.CharField(_("result"), max_length=10, choices=ExecutionResult.choices)
    step_results = models.JSONField(
        _("result per step"),
        default=list,
        blank=True,
        help_text=_('List of {"order": 1, "result": "passed", "note": ""}.'),
    )
    evidence = models.TextField(_("evidence"), blank=True)
    odoo_references = models.TextField(
        _("Odoo record references"), blank=True, help_text=_("e.g. purchase.order PO00042.")
    )
    external_key = models.CharField(
        _("external key"),
        max_length=300,
        blank=True,
        help_text=_("Identifies an imported run (e.g. JUnit file and test case) for re-imports."),
    )

    class Meta:
        ordering = ["cycle", "scenario", "executed_at", "id"]
        verbose_name = _("execution")
        verbose_name_plural = _("executions")
        indexes = [
            # Covers the status query (latest run per result, grouped by cycle and scenario)
            # so that it reads the index alone.
            models.Index(
                fields=["cycle", "scenario", "result", "executed_at"], name="execution_status_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario.reference} {self.result} {self.executed_at:%Y-%m-%d}"


class DefectStatus(models.TextChoices):
    """Where the defect is between finding and closing."""

    OPEN = "open", _("Open")
    IN_FIX = "in_fix", _("In fix")
    FIXED = "fixed", _("Fixed, awaiting retest")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


#: Statuses of a defect that still counts against the exit criteria.
OPEN_DEFECT_STATUSES = (DefectStatus.OPEN, DefectStatus.IN_FIX, DefectStatus.FIXED)


class Severity(models.IntegerChoices):
    """How badly the defect hurts the business: 1 critical to 4 low."""

    CRITICAL = 1, _("1 - Critical")
    HIGH = 2, _("2 - High")
    MEDIUM = 3, _("3 - Medium")
    LOW = 4, _("4 - Low")


class DefectPriority(models.TextChoices):
    """How soon the fix is needed."""

    URGENT = "urgent", _("Urgent")
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Defect(TimestampedModel):
    """A defect found in test: severity, owner, where it was found and its fix and retest."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="defects")
    reference = models.CharField(
        _("reference"),
        max_length=20,
        help_text=_("Stable key within the programme, e.g. DEF-0001."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    priority = models.CharField(
        _("priority"), max_length=10, choices=DefectPriority.choices, default="normal"
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_defects",
        verbose_name=_("owner"),
    )
    scenario = models.ForeignKey(
        Scenario,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="defects",
        verbose_name=_("scenario"),
    )
    found_by = models.ForeignKey(
        Execution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
        verbose_name=_("found by execution"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DefectStatus.choices, default=DefectStatus.OPEN
    )
    fixed_at = models.DateTimeField(
        _("fixed at"), null=True, blank=True, help_text=_("When the fix was delivered for retest.")
    )
    workaround = models.TextField(_("workaround"), blank=True)
    workaround_agreed = models.BooleanField(
        _("workaround agreed"),
        default=False,
        help_text=_("The process owner agreed the business can live with the workaround."),
    )
    gap = models.ForeignKey(
        "gaps.Gap",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
        verbose_name=_("gap"),
    )
    customization = models.ForeignKey(
        "customizations.Customization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="defects",
        verbose_name=_("customization"),
    )

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("defect")
        verbose_name_plural = _("defects")
        constraints = [
            models.UniqueConstraint(fields=["programme", "reference"], name="uniq_defect_reference")
        ]
        indexes = [
            models.Index(fields=["programme", "status", "severity"], name="defect_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DEFECT_STATUSES


class CycleSignOff(TimestampedModel):
    """A process owner's signed sign-off of an acceptance cycle for their workstream."""

    cycle = models.ForeignKey(TestCycle, on_delete=models.CASCADE, related_name="signoffs")
    workstream = models.ForeignKey(
        Workstream, on_delete=models.RESTRICT, related_name="cycle_signoffs"
    )
    person = models.ForeignKey(Person, on_delete=models.RESTRICT, related_name="cycle_signoffs")
    signature = models.OneToOneField(
        "audit.Signature", on_delete=models.PROTECT, related_name="cycle_signoff"
    )
    meaning = models.CharField(_("meaning"), max_length=10)

    class Meta:
        ordering = ["cycle", "workstream"]
        verbose_name = _("cycle sign-off")
        verbose_name_plural = _("cycle sign-offs")

    def __str__(self) -> str:
        return f"{self.cycle} / {self.workstream}: {self.meaning}"


class ApiKey(TimestampedModel):
    """A key a CI pipeline uses to post test results; only its SHA-256 hash is stored.

    The key is shown once when created (caregate.testing.services.create_api_key);
    a request presents it as ``Authorization: Bearer <key>``. Keys are long random
    tokens, so an unsalted SHA-256 is enough to make a stolen table useless.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(
        _("prefix"), max_length=12, help_text=_("First characters of the key, to recognise it.")
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
