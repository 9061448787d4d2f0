"""The decision log and criterion waivers.

Log entries are append-only: a saved entry refuses to be saved again or
deleted; a correction is a new entry whose ``corrects`` names the old one.
Bulk queryset ``delete()`` still works — deleting a whole programme (the demo
rebuilds its own) takes its log with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme


class DecisionLogIsAppendOnly(Exception):
    """Someone tried to change or delete a decision-log entry."""


class DecisionKind(models.TextChoices):
    """Which sort of decision an entry records."""

    GATE_SIGNOFF = "gate_signoff", _("Gate decision")
    DESIGN_AUTHORITY = "design_authority", _("Design-authority decision")
    WAIVER = "waiver", _("Waiver of a criterion")


class DecisionLogEntry(TimestampedModel):
    """One decision as it was taken: who, when, why and the evidence it cited."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="decision_log")
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Stable key within the programme, e.g. DL-0003.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DecisionKind.choices)
    summary = models.CharField(_("decision"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=30, help_text=_("e.g. approved, rejected, deferred, waived.")
    )
    decided_by = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="logged_decisions", verbose_name=_("who")
    )
    decided_at = models.DateTimeField(_("when"))
    rationale = models.TextField(_("why"), blank=True)
    #: What the decision rested on, e.g. {"assessment_id": 12, "criterion_result_ids": [...],
    #: "snapshot_id": "...", "change_request": "CR-0004"}.
    evidence = models.JSONField(_("evidence cited"), default=dict, blank=True)
    subject_model = models.CharField(_("record type"), max_length=100)
    subject_id = models.CharField(_("record id"), max_length=64)
    subject_repr = models.CharField(_("record"), max_length=300)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
        help_text=_("The earlier entry this one corrects."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    signature = models.ForeignKey(
        "audit.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision-log entry")
        verbose_name_plural = _("decision log")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_decision_log_reference"
            )
        ]
        indexes = [
            models.Index(fields=["programme", "-decided_at"], name="decision_log_when_idx"),
            models.Index(fields=["subject_model", "subject_id"], name="decision_log_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DecisionLogIsAppendOnly(
                f"decision-log entry {self.reference} cannot be changed; record a correction"
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DecisionLogIsAppendOnly(f"decision-log entry {self.reference} cannot be deleted")


class Waiver(TimestampedModel):
    """A criterion of one gate set aside until an expiry date, by the PMO or the sponsor."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="waivers")
    criterion = models.ForeignKey(
        "gates.Criterion",
        on_delete=models.RESTRICT,
        related_name="waivers",
        verbose_name=_("criterion"),
    )
    reason = models.TextField(_("reason"))
    expires_on = models.DateField(
        _("expires on"), help_text=_("The last day the waiver counts (in the site's time zone).")
    )
    granted_by = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="waivers", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    signature = models.ForeignKey(
        "audit.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature"),
    )

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        indexes = [models.Index(fields=["criterion", "expires_on"], name="waiver_active_idx")]

    def __str__(self) -> str:
        return f"{self.criterion} waived until {self.expires_on:%Y-%m-%d}"
