from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomizationsConfig(AppConfig):
    name = "caregate.customizations"
    label = "customizations"
    verbose_name = _("Customization register")
