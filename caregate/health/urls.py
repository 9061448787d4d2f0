from django.urls import path

from caregate.health import views

app_name = "health"

urlpatterns = [path("", views.health, name="health")]
