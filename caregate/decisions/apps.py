from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "caregate.decisions"
    label = "decisions"
    verbose_name = _("Decision log")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.decisions import sheets  # noqa: F401
        from caregate.decisions.services import honour_waivers
        from caregate.gates import assessment
        from caregate.programmes.access import grant_level_permissions

        if honour_waivers not in assessment.EVALUATION_HOOKS:
            assessment.EVALUATION_HOOKS.append(honour_waivers)
        # Corrections: the service lets only the original decider, PMO or sponsor correct.
        grant_level_permissions("process_owner", ["decisions.add_decisionlogentry"])
        grant_level_permissions("sponsor", ["decisions.add_waiver"])
        add_register(
            RegisterLink(
                "decisions:log",
                _("Decision log"),
                _("Every gate decision, design-authority decision and waiver, as taken."),
                "decisions.view_decisionlogentry",
                order=30,
            )
        )
        add_register(
            RegisterLink(
                "decisions:waivers",
                _("Waivers"),
                _("Criteria set aside for a gate until an expiry date."),
                "decisions.view_waiver",
                order=31,
            )
        )
