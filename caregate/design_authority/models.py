"""The design authority: change requests put to its board and the board's decisions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Workstream

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class ChangeKind(models.TextChoices):
    """What a change request would change."""

    DATA_MODEL = "data_model", _("Data-model change")
    INTEGRATION = "integration", _("Integration")
    REPORT = "report", _("Report")
    AUTOMATION = "automation", _("Automation")


class ChangeStatus(models.TextChoices):
    """Where a change request stands with the board."""

    SUBMITTED = "submitted", _("Submitted")
    DEFERRED = "deferred", _("Deferred")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    IMPLEMENTED = "implemented", _("Implemented")


#: Statuses that still wait for the board: a deferral is not a decision.
UNDECIDED_STATUSES = (ChangeStatus.SUBMITTED, ChangeStatus.DEFERRED)


class ChangeRequest(TimestampedModel):
    """A request to change the design (data model, integration, report or automation)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="change_requests"
    )
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Stable key within the programme, e.g. CR-0012.")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    description = models.TextField(_("description"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("workstream"),
    )
    requested_by = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("requested by"),
    )
    submitted_on = models.DateField(
        _("submitted on"), help_text=_("The request's age, on the board agenda, counts from here.")
    )
    business_value = models.PositiveSmallIntegerField(
        _("business value"), validators=SCORE_VALIDATORS, help_text=_("1 (little) to 5 (high).")
    )
    compliance_impact = models.PositiveSmallIntegerField(
        _("compliance impact"),
        validators=SCORE_VALIDATORS,
        help_text=_("1 (none) to 5 (needed to meet a legal or regulatory obligation)."),
    )
    maintainability = models.PositiveSmallIntegerField(
        _("maintainability"),
        validators=SCORE_VALIDATORS,
        help_text=_("1 (hard to keep through upgrades) to 5 (easy to maintain)."),
    )
    #: business value + compliance impact + maintainability (3 to 15), set by
    #: caregate.design_authority.services.combined_score; stored so lists sort by it.
    score = models.PositiveSmallIntegerField(_("combined score"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.SUBMITTED
    )

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_change_request_reference"
            )
        ]
        indexes = [
            models.Index(fields=["programme", "status", "submitted_on"], name="cr_agenda_idx")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class DecisionOutcome(models.TextChoices):
    """What the board decided."""

    APPROVED = "approved", _("Approve")
    REJECTED = "rejected", _("Reject")
    DEFERRED = "deferred", _("Defer with conditions")


class Decision(models.Model):
    """A design-authority board member's decision on a change request or a customization."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="design_decisions"
    )
    change_request = models.ForeignKey(
        ChangeRequest,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("change request"),
    )
    customization = models.ForeignKey(
        "customizations.Customization",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("customization"),
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    decided_by = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        related_name="design_decisions",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"))
    rationale = models.TextField(_("why"))
    conditions = models.TextField(
        _("conditions"), blank=True, help_text=_("Required when the decision is deferred.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    #: The electronic signature behind the decision; empty for demo data.
    signature = models.ForeignKey(
        "audit.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="design_decisions",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        get_latest_by = "decided_at"
        verbose_name = _("design-authority decision")
        verbose_name_plural = _("design-authority decisions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(change_request__isnull=False, customization__isnull=True)
                    | models.Q(change_request__isnull=True, customization__isnull=False)
                ),
                name="decision_about_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.subject}"

    @property
    def subject(self):
        """The change request or customization decided on."""
        return self.change_request if self.change_request_id else self.customization
