from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "caregate.programmes"
    label = "programmes"
    verbose_name = _("Programmes")
