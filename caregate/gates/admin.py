"""Admin for the method: gates, stages, criteria, sign-offs, and read-only assessments.

Criterion changes belong in caregate.gates.services.revise_criterion, which
records a revision; the admin shows revisions read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from caregate.evidence.admin import ReadOnlyAdmin
from caregate.gates.models import (
    Assessment,
    Criterion,
    CriterionResult,
    CriterionRevision,
    Gate,
    GateVerdict,
    SignOff,
    Stage,
)


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ("order", "key", "name", "status")


@admin.register(Gate)
class GateAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "key", "phase", "primary_owner", "programme")
    list_display_links = ("name",)
    list_filter = ("programme",)
    search_fields = ("name", "key", "phase")
    list_select_related = ("programme", "primary_owner")
    raw_id_fields = ("primary_owner",)
    inlines = (StageInline,)


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "gate", "status", "programme")
    list_display_links = ("name",)
    list_filter = ("programme", "status")
    search_fields = ("name", "key")
    list_select_related = ("programme", "gate")


class CriterionRevisionInline(admin.TabularInline):
    model = CriterionRevision
    extra = 0
    fields = ("changed_at", "direction", "changes", "reason", "changed_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ("title", "gate", "kind", "severity", "owner_role", "owner", "is_active")
    list_filter = ("gate__programme", "gate", "kind", "severity", "is_active", "is_default")
    search_fields = ("title", "key", "metric_key", "register_condition")
    list_select_related = ("gate", "owner")
    raw_id_fields = ("owner",)
    inlines = (CriterionRevisionInline,)


@admin.register(SignOff)
class SignOffAdmin(admin.ModelAdmin):
    list_display = ("gate", "person", "role", "decision", "signed_at", "recorded_by")
    list_filter = ("decision", "role", "gate__programme")
    search_fields = ("person__name", "gate__name", "comment")
    date_hierarchy = "signed_at"
    list_select_related = ("gate", "person", "recorded_by")
    raw_id_fields = ("person", "recorded_by")


class GateVerdictInline(admin.TabularInline):
    model = GateVerdict
    extra = 0
    fields = (
        "gate",
        "ready",
        "blocking_failed",
        "blocking_unevaluated",
        "advisory_failed",
        "passed",
        "total",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "programme", "started_at", "snapshot", "trigger", "assessed_by")
    list_filter = ("programme", "trigger")
    search_fields = ("snapshot__snapshot_id",)
    date_hierarchy = "started_at"
    list_select_related = ("programme", "snapshot", "assessed_by")
    inlines = (GateVerdictInline,)


@admin.register(CriterionResult)
class CriterionResultAdmin(ReadOnlyAdmin):
    list_display = ("criterion", "gate", "outcome", "severity", "measured_text", "assessment")
    list_filter = ("outcome", "severity", "verdict__gate__programme", "verdict__gate")
    search_fields = ("criterion__title", "criterion__key", "reason")
    list_select_related = ("criterion", "verdict__gate", "verdict__assessment")

    @admin.display(description=_("gate"), ordering="verdict__gate__order")
    def gate(self, obj):
        return obj.verdict.gate

    @admin.display(description=_("assessment"), ordering="verdict__assessment__started_at")
    def assessment(self, obj):
        return obj.verdict.assessment_id
