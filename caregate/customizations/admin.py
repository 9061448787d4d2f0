"""Admin for the customization register (changes made here are not audited: use the pages)."""

from django.contrib import admin

from caregate.customizations.models import Customization


@admin.register(Customization)
class CustomizationAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "kind", "status", "business_owner", "programme")
    list_filter = ("programme", "status", "kind", "justification")
    search_fields = ("reference", "title", "description")
    list_select_related = ("business_owner", "programme")
    raw_id_fields = ("gaps",)
