from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapsConfig(AppConfig):
    name = "caregate.gaps"
    label = "gaps"
    verbose_name = _("Gaps")

    def ready(self):
        """Plug the gap register into the registers menu, access levels, gates, sheets, demo.

        Default criterion added to the design-authority gate (blocking):
        "open_high_gaps_unresolved" — no open (open, analysing, resolution agreed) gap of
        criticality critical or high may lack a resolution path or a named owner. There is
        no threshold: one such gap fails the gate, because the design cannot be approved
        while a high-impact need has no agreed way to be met nor anyone accountable for it.
        """
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.demo.registry import add_demo_builder
        from caregate.gaps import conditions, sheets  # noqa: F401  (they register themselves)
        from caregate.gaps.demo import build_demo_gaps
        from caregate.gates.defaults import add_default_criteria
        from caregate.programmes.access import grant_level_permissions
        from caregate.programmes.models import Role

        add_register(
            RegisterLink(
                "gaps:list",
                _("Gap register"),
                _("Where standard Odoo does not fit: criticality, owner, resolution path."),
                "gaps.view_gap",
                order=10,
            )
        )
        grant_level_permissions("process_owner", ["gaps.add_gap", "gaps.change_gap"])
        add_default_criteria(
            "design-authority",
            [
                {
                    "key": "high-gaps-resolved",
                    "title": _(
                        "No open critical or high gap without a resolution path and an owner"
                    ),
                    "kind": "register",
                    "register_condition": "open_high_gaps_unresolved",
                    "owner_role": Role.PMO,
                    "explanation": _(
                        "The design cannot be approved while a critical or high business need "
                        "has no agreed way to be met, or nobody in the business answers for it."
                    ),
                    "next_action": _(
                        "For each listed gap, have its process owner choose a resolution path "
                        "(standard configuration, process redesign, customization or deferred)."
                    ),
                }
            ],
        )
        add_demo_builder("gaps", build_demo_gaps)
