from django.urls import path

from caregate.decisions import views

app_name = "decisions"

urlpatterns = [
    path("", views.log_list, name="log"),
    path("waivers/", views.waiver_list, name="waivers"),
    path("waivers/new/", views.waiver_create, name="waiver-create"),
    path("<str:reference>/", views.entry_detail, name="detail"),
    path("<str:reference>/correct/", views.entry_correct, name="correct"),
]
