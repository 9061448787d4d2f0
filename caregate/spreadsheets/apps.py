from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    name = "caregate.spreadsheets"
    label = "spreadsheets"
    verbose_name = _("Spreadsheets")

    def ready(self):
        # Registers live next to their models; importing a sheets module registers its
        # schemas. Later registers (gaps, RAID, training ...) add their module here.
        from caregate.programmes import sheets  # noqa: F401
