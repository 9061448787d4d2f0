from django.urls import path

from caregate.design_authority import views

app_name = "design_authority"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("agenda/", views.agenda, name="agenda"),
    path("new/", views.request_create, name="create"),
    path(
        "customizations/<str:reference>/decide/",
        views.decide_customization,
        name="decide-customization",
    ),
    path("<str:reference>/", views.request_detail, name="detail"),
    path("<str:reference>/edit/", views.request_edit, name="edit"),
    path("<str:reference>/decide/", views.decide_request, name="decide"),
]
