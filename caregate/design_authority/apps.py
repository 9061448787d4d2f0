from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignAuthorityConfig(AppConfig):
    name = "caregate.design_authority"
    label = "design_authority"
    verbose_name = _("Design authority")
