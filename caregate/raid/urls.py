from django.urls import path

from caregate.raid import views

app_name = "raid"

urlpatterns = [
    path("risks/heat-map/", views.heat_map, name="heat-map"),
    path("<slug:kind>/", views.entry_list, name="list"),
    path("<slug:kind>/new/", views.entry_create, name="create"),
    path("<slug:kind>/<int:pk>/", views.entry_detail, name="detail"),
    path("<slug:kind>/<int:pk>/edit/", views.entry_edit, name="edit"),
]
