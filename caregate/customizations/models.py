"""The customization register: code written on top of standard Odoo, and why it may exist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Workstream


class CustomizationKind(models.TextChoices):
    """What sort of code the customization is."""

    APPROVAL_LOGIC = "approval_logic", _("Approval logic")
    INTEGRATION = "integration", _("Integration")
    REPORT = "report", _("Report")
    AUTOMATION = "automation", _("Automation")
    DATA_MODEL = "data_model", _("Data model")
    OTHER = "other", _("Other")


class Justification(models.TextChoices):
    """The only two reasons the method accepts for departing from the standard."""

    DIFFERENTIATION = "differentiation", _("Differentiation")
    COMPLIANCE = "compliance", _("Compliance")


class ReviewOutcome(models.TextChoices):
    """The verdict of an architecture or security review."""

    APPROVED = "approved", _("Approved")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("Approved with conditions")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")


#: Review outcomes that let a customization go ahead.
FAVOURABLE_OUTCOMES = (ReviewOutcome.APPROVED, ReviewOutcome.APPROVED_WITH_CONDITIONS)


class UpgradeImpact(models.TextChoices):
    """How much work the customization adds to each Odoo version upgrade."""

    NONE = "none", _("None")
    LOW = "low", _("Low")
    HIGH = "high", _("High")


class CustomizationStatus(models.TextChoices):
    """Where the customization is in its life."""

    PROPOSED = "proposed", _("Proposed")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    IN_BUILD = "in_build", _("In build")
    BUILT = "built", _("Built")
    RETIRED = "retired", _("Retired")


#: Statuses in which code is being written or already runs: full approval is required.
BUILD_STATUSES = (CustomizationStatus.IN_BUILD, CustomizationStatus.BUILT)


class Customization(TimestampedModel):
    """A piece of custom code on top of standard Odoo, with its justification and reviews."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="customizations"
    )
    reference = models.CharField(
        _("reference"),
        max_length=20,
        help_text=_("Stable key within the programme, e.g. CUS-0007."),
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CustomizationKind.choices)
    description = models.TextField(_("description"), blank=True)
    workstream = models.ForeignKey(
        Workstream,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="customizations",
        verbose_name=_("workstream"),
    )
    gaps = models.ManyToManyField(
        "gaps.Gap",
        blank=True,
        related_name="customizations",
        verbose_name=_("gaps served"),
        help_text=_("The gaps in the gap register this customization closes."),
    )
    justification = models.CharField(
        _("justification"), max_length=20, choices=Justification.choices, blank=True
    )
    justification_text = models.TextField(
        _("justification in words"),
        blank=True,
        help_text=_("Why standard configuration or a process change is not enough."),
    )
    business_owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_customizations",
        verbose_name=_("business owner"),
    )
    architecture_reviewer = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="architecture_reviews",
        verbose_name=_("architecture reviewer"),
    )
    architecture_outcome = models.CharField(
        _("architecture review outcome"), max_length=30, choices=ReviewOutcome.choices, blank=True
    )
    architecture_reviewed_on = models.DateField(
        _("architecture reviewed on"), null=True, blank=True
    )
    # TODO: link test cases once the testing register exists; a count stands in until then.
    test_case_count = models.PositiveIntegerField(
        _("test cases"),
        null=True,
        blank=True,
        help_text=_("How many test cases cover it; blank when unknown."),
    )
    upgrade_impact = models.CharField(
        _("upgrade impact"), max_length=10, choices=UpgradeImpact.choices, blank=True
    )
    upgrade_versions = models.CharField(
        _("Odoo versions assessed"),
        max_length=100,
        blank=True,
        help_text=_("The Odoo versions the upgrade impact was assessed for, e.g. 17.0, 18.0."),
    )
    security_reviewer = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="security_reviews",
        verbose_name=_("security reviewer"),
    )
    security_outcome = models.CharField(
        _("security review outcome"), max_length=30, choices=ReviewOutcome.choices, blank=True
    )
    security_reviewed_on = models.DateField(_("security reviewed on"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CustomizationStatus.choices,
        default=CustomizationStatus.PROPOSED,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["programme", "reference"]
        verbose_name = _("customization")
        verbose_name_plural = _("customizations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_customization_reference"
            )
        ]
        indexes = [models.Index(fields=["programme", "status"], name="customization_status_idx")]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"
