"""What the spreadsheet engine stores: one row per applied import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Programme


class ImportRun(models.Model):
    """One accepted spreadsheet import into a register, with what it changed.

    Rejected imports change nothing and leave no row here.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="imports")
    register = models.CharField(_("register"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spreadsheet_imports",
    )
    at = models.DateTimeField(_("imported at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    rows_read = models.PositiveIntegerField(_("rows read"))
    created = models.PositiveIntegerField(_("created"))
    updated = models.PositiveIntegerField(_("updated"))
    unchanged = models.PositiveIntegerField(_("unchanged"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        indexes = [models.Index(fields=["programme", "register", "-at"])]

    def __str__(self) -> str:
        return f"{self.register} ← {self.filename} ({self.at:%Y-%m-%d %H:%M})"
