from django.urls import path

from caregate.core import views

app_name = "core"

urlpatterns = [
    path("", views.control_tower, name="control-tower"),
]
