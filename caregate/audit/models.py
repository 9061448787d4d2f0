"""The append-only, hash-chained audit trail and the electronic signatures recorded in it.

Entries are written only by :func:`caregate.audit.services.record`; their hash
is computed over the canonical form documented in :mod:`caregate.audit.canonical`.
A model instance refuses to be saved twice or deleted. Bulk queryset
``update()`` / ``delete()`` and raw SQL bypass those refusals by nature: that is
what ``caregate audit verify`` detects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditTrailIsAppendOnly(Exception):
    """Someone tried to change or delete an audit entry or a signature."""


class AuditEntry(models.Model):
    """One recorded change, signature or refusal, sealed by the hash of the entry before it."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Deleted")
        SIGN = "sign", _("Signed")
        SIGN_REFUSED = "sign_refused", _("Signature refused")
        IMPORT = "import", _("Imported")
        ASSESS = "assess", _("Assessed")
        EXPORT = "export", _("Exported")

    #: 1, 2, 3, … assigned under the chain head's lock; not the autoincrement id,
    #: because database sequences leave gaps when a transaction rolls back.
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    #: The username when the entry was recorded, kept if the user is renamed.
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_model = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record id"), max_length=64)
    target_repr = models.CharField(_("record"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, help_text=_("field -> [before, after]"))
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    #: Not indexed: a unique index on random hashes slows every insert into a long trail,
    #: and the unique sequence already rules out copied entries.
    entry_hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["target_model", "target_id"], name="audit_target_idx"),
            models.Index(fields=["action"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_model}:{self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly(f"audit entry {self.sequence} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly(f"audit entry {self.sequence} cannot be deleted")

    @property
    def actor_label(self) -> str:
        return self.actor_name or str(_("System"))


class AuditChainHead(models.Model):
    """The single row naming the last entry, updated in the entry's own transaction.

    Writers lock it (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers
    with BEGIN IMMEDIATE), so sequences are handed out one at a time, and a
    removed last entry shows up as a head that points past the end of the chain.
    """

    last_sequence = models.PositiveBigIntegerField(_("last sequence"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_sequence} {self.last_hash[:12]}"


class Signature(models.Model):
    """An electronic signature: who signed what, meaning what, and why, sealed in the audit trail.

    The signer re-entered their password at signing time. The matching ``sign``
    entry (``audit_entry``) holds the same facts under the chain's hash.
    """

    class Meaning(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        REVIEWED = "reviewed", _("Reviewed")
        WAIVED = "waived", _("Waived")

    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signatures",
        verbose_name=_("signer"),
    )
    meaning = models.CharField(_("meaning"), max_length=10, choices=Meaning.choices)
    reason = models.TextField(_("reason"), blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    target_model = models.CharField(_("record type"), max_length=100)
    target_id = models.CharField(_("record id"), max_length=64)
    target_repr = models.CharField(_("record"), max_length=300)
    audit_entry = models.OneToOneField(
        AuditEntry,
        on_delete=models.PROTECT,
        related_name="signature",
        verbose_name=_("audit entry"),
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        indexes = [models.Index(fields=["target_model", "target_id"], name="signature_target_idx")]

    def __str__(self) -> str:
        return f"{self.get_meaning_display()}: {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailIsAppendOnly(f"signature {self.pk} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly(f"signature {self.pk} cannot be deleted")
