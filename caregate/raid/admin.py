"""Admin for the RAID log."""

from django.contrib import admin

from caregate.raid.models import Assumption, Dependency, Issue, Risk


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "programme", "likelihood", "impact", "score", "status")
    list_filter = ("programme", "status")
    search_fields = ("reference", "title")


@admin.register(Assumption)
class AssumptionAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "programme", "validation_date", "status")
    list_filter = ("programme", "status")
    search_fields = ("reference", "title")


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "programme", "severity", "escalation_level", "status")
    list_filter = ("programme", "severity", "escalation_level", "status")
    search_fields = ("reference", "title")


@admin.register(Dependency)
class DependencyAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "programme", "depends_on", "needed_by", "status")
    list_filter = ("programme", "status")
    search_fields = ("reference", "title", "depends_on")
