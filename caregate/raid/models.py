"""The RAID log: the programme's risks, assumptions, issues and dependencies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Workstream

#: Likelihood and impact are rated on this scale (1 = rare / negligible, 5 = almost certain /
#: severe); the score is their product, 1 to 25.
RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class RaidItem(TimestampedModel):
    """Fields every RAID entry has: the programme, a stable reference, a title and an owner."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Stable key within the programme, e.g. R-012.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The person accountable for this entry."),
    )
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("workstream"),
    )

    class Meta:
        abstract = True
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Risk(RaidItem):
    """Something that may happen and would hurt the programme, with its rating and response."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MITIGATING = "mitigating", _("Being mitigated")
        OCCURRED = "occurred", _("Occurred (now an issue)")
        CLOSED = "closed", _("Closed")

    likelihood = models.PositiveSmallIntegerField(
        _("likelihood"), choices=RATING_CHOICES, help_text=_("1 rare … 5 almost certain.")
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=RATING_CHOICES, help_text=_("1 negligible … 5 severe.")
    )
    #: likelihood x impact, stored so that lists sort and filter by it.
    score = models.PositiveSmallIntegerField(_("score"), default=1, editable=False)
    mitigation = models.TextField(_("mitigation"), blank=True)
    trigger = models.TextField(
        _("trigger"), blank=True, help_text=_("What tells us the risk is happening.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    class Meta(RaidItem.Meta):
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.UniqueConstraint(fields=["programme", "reference"], name="uniq_risk_reference")
        ]

    def save(self, *args, **kwargs):
        self.score = self.likelihood * self.impact
        super().save(*args, **kwargs)


class Assumption(RaidItem):
    """Something the plan takes as true, until someone validates it by a date."""

    class Status(models.TextChoices):
        UNVALIDATED = "unvalidated", _("Not yet validated")
        VALID = "valid", _("Validated: holds")
        INVALID = "invalid", _("Validated: does not hold")

    validation_date = models.DateField(
        _("validate by"), null=True, blank=True, help_text=_("When it must be confirmed.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNVALIDATED
    )

    class Meta(RaidItem.Meta):
        verbose_name = _("assumption")
        verbose_name_plural = _("assumptions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_assumption_reference"
            )
        ]


class Issue(RaidItem):
    """Something going wrong now, how serious it is and how far up it has been escalated."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", _("Critical")
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Escalation(models.TextChoices):
        TEAM = "team", _("Team")
        PMO = "pmo", _("PMO")
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    escalation_level = models.CharField(
        _("escalation level"), max_length=20, choices=Escalation.choices, default=Escalation.TEAM
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    class Meta(RaidItem.Meta):
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(fields=["programme", "reference"], name="uniq_issue_reference")
        ]


class Dependency(RaidItem):
    """Something the programme needs from another party (a team, vendor, project) by a date."""

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Expected on time")
        AT_RISK = "at_risk", _("At risk")
        DELIVERED = "delivered", _("Delivered")
        MISSED = "missed", _("Missed")

    depends_on = models.CharField(
        _("depends on"), max_length=200, help_text=_("What or whom the programme waits for.")
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.EXPECTED
    )

    class Meta(RaidItem.Meta):
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_dependency_reference"
            )
        ]


#: Statuses in which an entry still needs attention.
OPEN_RISK = (Risk.Status.OPEN, Risk.Status.MITIGATING)
OPEN_ISSUE = (Issue.Status.OPEN, Issue.Status.IN_PROGRESS)
