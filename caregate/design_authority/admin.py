"""Admin for change requests; decisions are read-only here (they are signed in the pages)."""

from django.contrib import admin

from caregate.design_authority.models import ChangeRequest, Decision


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "kind", "status", "score", "submitted_on", "programme")
    list_filter = ("programme", "status", "kind")
    search_fields = ("reference", "title", "description")
    list_select_related = ("programme",)
    readonly_fields = ("score",)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("decided_at", "outcome", "change_request", "customization", "decided_by")
    list_filter = ("programme", "outcome")
    list_select_related = ("change_request", "customization", "decided_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
