from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RaidConfig(AppConfig):
    name = "caregate.raid"
    label = "raid"
    verbose_name = _("RAID log")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.demo.registry import add_demo_builder
        from caregate.programmes.access import grant_level_permissions
        from caregate.raid import sheets  # noqa: F401  (registers the four spreadsheets)
        from caregate.raid.demo import build_demo_raid

        add_register(
            RegisterLink(
                "raid:heat-map",
                _("RAID log"),
                _("Risks (with their heat map), assumptions, issues and dependencies."),
                "raid.view_risk",
                order=40,
            )
        )
        codes = [
            f"raid.{action}_{model}"
            for model in ("risk", "assumption", "issue", "dependency")
            for action in ("add", "change")
        ]
        grant_level_permissions("process_owner", codes)
        add_demo_builder("raid", build_demo_raid)
