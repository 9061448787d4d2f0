"""Admin for the training and change-readiness register."""

from django.contrib import admin

from caregate.training.models import (
    Champion,
    ChangeImpact,
    Completion,
    Course,
    Trainee,
    TrainingRole,
)


@admin.register(TrainingRole)
class TrainingRoleAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "programme", "order")
    list_filter = ("programme",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "programme", "duration_minutes", "delivery")
    list_filter = ("programme", "delivery")
    search_fields = ("code", "title")
    filter_horizontal = ("roles",)


@admin.register(Trainee)
class TraineeAdmin(admin.ModelAdmin):
    list_display = ("trainee_id", "name", "site", "role", "active")
    list_filter = ("programme", "site", "role", "active")
    search_fields = ("trainee_id", "name")
    list_select_related = ("site", "role")


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("trainee", "course", "completed_on")
    list_filter = ("course",)
    search_fields = ("trainee__trainee_id", "trainee__name")
    list_select_related = ("trainee", "course")
    raw_id_fields = ("trainee",)


@admin.register(Champion)
class ChampionAdmin(admin.ModelAdmin):
    list_display = ("person", "site", "role", "since")
    list_filter = ("programme", "site")


@admin.register(ChangeImpact)
class ChangeImpactAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "area", "communication_status", "communicated_on")
    list_filter = ("programme", "area", "communication_status")
    search_fields = ("reference", "title")
    filter_horizontal = ("roles", "sites")
