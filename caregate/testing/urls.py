from django.urls import path

from caregate.testing import views

app_name = "testing"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/new/", views.cycle_create, name="cycle-create"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/junit/", views.junit_upload, name="junit"),
    path("cycles/<int:pk>/sign-off/", views.cycle_signoff, name="cycle-signoff"),
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/new/", views.scenario_create, name="scenario-create"),
    path("scenarios/<str:reference>/", views.scenario_detail, name="scenario"),
    path("defects/", views.defect_list, name="defects"),
    path("defects/new/", views.defect_create, name="defect-create"),
    path("defects/<str:reference>/", views.defect_detail, name="defect"),
]
