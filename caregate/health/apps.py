from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "caregate.health"
    label = "health"
    verbose_name = _("Programme health")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register

        add_register(
            RegisterLink(
                "health:health",
                _("Programme health"),
                _(
                    "The seven common failure points, each scored from the registers and the "
                    "evidence."
                ),
                "gates.view_assessment",
                order=5,
            )
        )
