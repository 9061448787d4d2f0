"""Admin for evidence snapshots: read-only, since the files on disk are immutable."""

from django.contrib import admin

from caregate.evidence.models import EvidenceSnapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shows records without letting anyone add, change or delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvidenceSnapshot)
class EvidenceSnapshotAdmin(ReadOnlyAdmin):
    list_display = (
        "snapshot_id",
        "programme",
        "source",
        "database",
        "server_version",
        "collected_at",
        "total_rows",
    )
    list_filter = ("programme", "source")
    search_fields = ("snapshot_id", "database", "odoo_url")
    date_hierarchy = "collected_at"
    list_select_related = ("programme",)
