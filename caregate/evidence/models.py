"""Snapshots of Odoo evidence known to Caregate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Programme


class EvidenceSnapshot(TimestampedModel):
    """A registered evidence snapshot folder (the files themselves are immutable)."""

    class Source(models.TextChoices):
        ODOO = "odoo", _("Odoo server")
        DEMO = "demo", _("Demo generator")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="snapshots")
    snapshot_id = models.CharField(_("snapshot id"), max_length=100, unique=True)
    path = models.CharField(_("folder"), max_length=500)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    odoo_url = models.CharField(_("Odoo URL"), max_length=300, blank=True)
    database = models.CharField(_("database"), max_length=100, blank=True)
    server_version = models.CharField(_("server version"), max_length=50, blank=True)
    collected_at = models.DateTimeField(_("collected at"))
    row_counts = models.JSONField(_("rows per model"), default=dict)
    manifest_sha256 = models.CharField(_("manifest SHA-256"), max_length=64)

    class Meta:
        ordering = ["-collected_at"]
        get_latest_by = "collected_at"
        verbose_name = _("evidence snapshot")
        verbose_name_plural = _("evidence snapshots")

    def __str__(self) -> str:
        return self.snapshot_id

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())
