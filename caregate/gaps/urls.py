from django.urls import path

from caregate.gaps import views

app_name = "gaps"

urlpatterns = [
    path("", views.gap_list, name="list"),
    path("new/", views.gap_create, name="create"),
    path("<str:reference>/", views.gap_detail, name="detail"),
    path("<str:reference>/edit/", views.gap_edit, name="edit"),
]
