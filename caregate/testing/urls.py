from django.urls import path

from caregate.testing import views

app_name = "testing"

urlpatterns = [
    path("", views.cycle_list, name="cycles"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle"),
    path("cycles/<int:pk>/junit/", views.junit_upload, name="junit"),
    path("cycles/<int:pk>/sign-off/", views.cycle_signoff, name="cycle-signoff"),
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/<str:reference>/", views.scenario_detail, name="scenario"),
    path("defects/", views.defect_list, name="defects"),
    path("defects/<str:reference>/", views.defect_detail, name="defect"),
]
