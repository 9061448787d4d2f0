"""URL map: the control tower, gates and evidence pages, login and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("registers/", include("caregate.spreadsheets.urls")),
    path("audit/", include("caregate.audit.urls")),
    path("gaps/", include("caregate.gaps.urls")),
    path("customizations/", include("caregate.customizations.urls")),
    path("design-authority/", include("caregate.design_authority.urls")),
    path("decisions/", include("caregate.decisions.urls")),
    path("testing/", include("caregate.testing.urls")),
    path("raid/", include("caregate.raid.urls")),
    path("training/", include("caregate.training.urls")),
    path("health/", include("caregate.health.urls")),
    path("", include("caregate.core.urls")),
]
