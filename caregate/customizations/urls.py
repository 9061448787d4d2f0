from django.urls import path

from caregate.customizations import views

app_name = "customizations"

urlpatterns = [
    path("", views.customization_list, name="list"),
    path("new/", views.customization_create, name="create"),
    path("<str:reference>/", views.customization_detail, name="detail"),
    path("<str:reference>/edit/", views.customization_edit, name="edit"),
]
