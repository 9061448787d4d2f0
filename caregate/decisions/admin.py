"""Admin for the decision log and waivers: read-only, as the log is append-only."""

from django.contrib import admin

from caregate.decisions.models import DecisionLogEntry, Waiver


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows records; adding, changing and deleting go through the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DecisionLogEntry)
class DecisionLogEntryAdmin(ReadOnlyAdmin):
    list_display = ("reference", "decided_at", "kind", "summary", "decided_by", "corrects")
    list_filter = ("programme", "kind")
    search_fields = ("reference", "summary", "rationale", "subject_repr")
    list_select_related = ("decided_by", "corrects")


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ("criterion", "expires_on", "granted_by", "granted_at")
    list_filter = ("programme",)
    list_select_related = ("criterion", "granted_by")
