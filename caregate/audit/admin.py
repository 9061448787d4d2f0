"""Read-only admin for the audit trail: nobody adds, changes or deletes entries here."""

from django.contrib import admin

from caregate.audit.models import AuditChainHead, AuditEntry, Signature
from caregate.evidence.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "sequence",
        "recorded_at",
        "actor_name",
        "action",
        "target_model",
        "target_repr",
    )
    list_filter = ("action", "target_model")
    search_fields = ("target_repr", "actor_name", "reason", "entry_hash")
    date_hierarchy = "recorded_at"
    ordering = ("-sequence",)
    actions = None


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = ("signed_at", "signer", "meaning", "target_model", "target_repr")
    list_filter = ("meaning", "target_model")
    search_fields = ("target_repr", "signer__username", "reason")
    list_select_related = ("signer",)
    date_hierarchy = "signed_at"
    actions = None


@admin.register(AuditChainHead)
class AuditChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("last_sequence", "last_hash")
    actions = None
