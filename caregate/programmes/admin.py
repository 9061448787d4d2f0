"""Admin for the programme structure."""

from django.contrib import admin

from caregate.programmes.models import (
    LegalEntity,
    Person,
    Programme,
    RoleAssignment,
    Site,
    Wave,
    Workstream,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "organisation", "go_live_date", "currency")
    search_fields = ("name", "key", "organisation")
    prepopulated_fields = {"key": ("name",)}


@admin.register(LegalEntity)
class LegalEntityAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "odoo_company_id")
    list_filter = ("programme",)
    search_fields = ("name",)


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "entity", "programme", "odoo_warehouse_id")
    list_filter = ("programme", "kind")
    search_fields = ("name", "code")
    list_select_related = ("entity", "programme")


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "phasing", "go_live_date", "programme")
    list_filter = ("programme", "phasing")
    search_fields = ("name",)
    filter_horizontal = ("sites", "workstreams")
    list_select_related = ("programme",)


@admin.register(Workstream)
class WorkstreamAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "order", "programme")
    list_filter = ("programme",)
    search_fields = ("name", "key")
    list_select_related = ("programme",)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ("workstream", "site")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "job_title", "email", "user", "programme")
    list_filter = ("programme",)
    search_fields = ("name", "email", "job_title", "user__username")
    list_select_related = ("programme", "user")
    raw_id_fields = ("user",)
    inlines = (RoleAssignmentInline,)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "workstream", "site")
    list_filter = ("role", "person__programme")
    search_fields = ("person__name",)
    list_select_related = ("person", "workstream", "site")
    autocomplete_fields = ("person", "workstream", "site")
