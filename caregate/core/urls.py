from django.urls import path

from caregate.core import views

app_name = "core"

urlpatterns = [
    path("registers/", views.registers, name="registers"),
    path("", views.control_tower, name="control-tower"),
    path("gates/<slug:gate_key>/", views.gate_detail, name="gate"),
    path("results/<int:result_id>/", views.evidence, name="evidence"),
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/<int:assessment_id>/report/", views.assessment_report, name="report"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
]
