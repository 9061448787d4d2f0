from django.urls import path

from caregate.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="entries"),
    path("verify/", views.verify, name="verify"),
]
