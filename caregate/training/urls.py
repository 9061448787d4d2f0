from django.urls import path

from caregate.training import views

app_name = "training"

urlpatterns = [
    path("", views.readiness, name="readiness"),
    path("trainees/", views.trainee_list, name="trainees"),
    path("trainees/<int:pk>/", views.trainee_detail, name="trainee"),
    path("courses/", views.course_list, name="courses"),
    path("champions/", views.champion_list, name="champions"),
    path("champions/new/", views.champion_add, name="champion-add"),
    path("change-impacts/", views.impact_list, name="impacts"),
    path("change-impacts/new/", views.impact_create, name="impact-create"),
    path("change-impacts/<int:pk>/", views.impact_detail, name="impact"),
    path("change-impacts/<int:pk>/edit/", views.impact_edit, name="impact-edit"),
]
