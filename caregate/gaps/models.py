"""The gap register: where the standard Odoo process does not fit the organisation's need."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Workstream


class Criticality(models.TextChoices):
    """How badly the business suffers if the gap is left as it is."""

    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ComplianceImpact(models.TextChoices):
    """How far the gap touches legal, regulatory or audit obligations."""

    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    REGULATORY = "regulatory", _("Regulatory")


class WorkaroundFeasibility(models.TextChoices):
    """How easily people can live with the gap in the meantime."""

    NONE = "none", _("No workaround")
    DIFFICULT = "difficult", _("Difficult")
    MANUAL = "manual", _("Manual workaround")
    EASY = "easy", _("Easy")


class ResolutionPath(models.TextChoices):
    """How the programme decided to close the gap (blank until decided)."""

    STANDARD_CONFIGURATION = "standard_configuration", _("Standard configuration")
    PROCESS_REDESIGN = "process_redesign", _("Process redesign")
    CUSTOMIZATION = "customization", _("Customization")
    DEFERRED = "deferred", _("Deferred")


class GapStatus(models.TextChoices):
    """Where the gap is in its life."""

    OPEN = "open", _("Open")
    ANALYSING = "analysing", _("Analysing")
    RESOLUTION_AGREED = "resolution_agreed", _("Resolution agreed")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    DEFERRED = "deferred", _("Deferred")


#: Statuses in which a gap still needs work before the design is settled.
OPEN_STATUSES = (GapStatus.OPEN, GapStatus.ANALYSING, GapStatus.RESOLUTION_AGREED)


class PriorityBand(models.TextChoices):
    """Priority band derived from the priority score (see caregate.gaps.priority)."""

    P1 = "P1", _("P1")
    P2 = "P2", _("P2")
    P3 = "P3", _("P3")
    P4 = "P4", _("P4")


class Gap(TimestampedModel):
    """A fit-gap finding: a business need the standard Odoo process does not meet."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="gaps")
    reference = models.CharField(
        _("reference"),
        max_length=20,
        help_text=_("Stable key within the programme, e.g. GAP-0042."),
    )
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.RESTRICT,
        related_name="gaps",
        verbose_name=_("workstream"),
    )
    process_area = models.CharField(
        _("process area"),
        max_length=200,
        blank=True,
        help_text=_("The business process concerned, e.g. 'Controlled drugs ordering'."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    criticality = models.CharField(
        _("business criticality"), max_length=10, choices=Criticality.choices
    )
    compliance_impact = models.CharField(
        _("compliance impact"),
        max_length=12,
        choices=ComplianceImpact.choices,
        default=ComplianceImpact.NONE,
    )
    workaround = models.CharField(
        _("workaround feasibility"),
        max_length=10,
        choices=WorkaroundFeasibility.choices,
        default=WorkaroundFeasibility.MANUAL,
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_gaps",
        verbose_name=_("owner"),
        help_text=_("The business process owner accountable for closing the gap (not IT)."),
    )
    resolution_path = models.CharField(
        _("resolution path"),
        max_length=30,
        choices=ResolutionPath.choices,
        blank=True,
        help_text=_("Blank until the programme has decided how to close the gap."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GapStatus.choices, default=GapStatus.OPEN
    )
    target_gate = models.ForeignKey(
        "gates.Gate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gaps",
        verbose_name=_("target gate"),
        help_text=_("The gate by which the gap must be resolved."),
    )
    raised_on = models.DateField(_("raised on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    #: Derived from criticality, compliance impact and workaround feasibility with the
    #: programme's weights (caregate.gaps.priority); stored so that lists sort by it.
    priority_score = models.PositiveSmallIntegerField(
        _("priority score"), default=0, editable=False, help_text=_("0 (lowest) to 100.")
    )
    priority_band = models.CharField(
        _("priority"),
        max_length=2,
        choices=PriorityBand.choices,
        default=PriorityBand.P4,
        editable=False,
    )

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        constraints = [
            models.UniqueConstraint(fields=["programme", "reference"], name="uniq_gap_reference")
        ]
        indexes = [
            models.Index(
                fields=["programme", "-priority_score", "reference"], name="gap_priority_idx"
            ),
            models.Index(fields=["programme", "status"], name="gap_status_idx"),
            models.Index(fields=["programme", "due_date"], name="gap_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        """Save, with the priority recomputed from the ratings and the programme's weights."""
        from caregate.gaps.priority import set_priority, weights_from_settings

        set_priority(self, weights_from_settings(self.programme.evidence_settings))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "priority_score", "priority_band"}
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        """Whether the gap still needs work (open, analysing or resolution agreed)."""
        return self.status in OPEN_STATUSES
