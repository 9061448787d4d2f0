"""Read-only admin for the import history (imports are made through the pages or commands)."""

from django.contrib import admin

from caregate.spreadsheets.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "programme",
        "register",
        "filename",
        "user",
        "rows_read",
        "created",
        "updated",
        "unchanged",
    )
    list_filter = ("programme", "register")
    search_fields = ("filename", "sha256")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
