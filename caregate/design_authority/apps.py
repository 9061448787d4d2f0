from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Default criterion of the design-authority gate. Blocking; the limit is the programme's
#: evidence setting "change_request_max_undecided_days" (default 30 days).
DEFAULT_CRITERIA = [
    {
        "key": "change-requests-decided",
        "title": _("No change request undecided for too long"),
        "kind": "register",
        "register_condition": "change_requests_undecided_too_long",
        "owner_role": "design_authority",
        "explanation": _(
            "A request nobody decides gets built anyway, or blocks the people waiting for "
            "it; either way the design is no longer governed."
        ),
        "next_action": _("Table each listed request at the next design-authority board."),
    }
]


class DesignAuthorityConfig(AppConfig):
    name = "caregate.design_authority"
    label = "design_authority"
    verbose_name = _("Design authority")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.demo.registry import add_demo_builder
        from caregate.design_authority import conditions, sheets  # noqa: F401
        from caregate.design_authority.demo import build_demo_design_authority
        from caregate.gates.defaults import add_default_criteria
        from caregate.programmes.access import grant_level_permissions

        add_default_criteria("design-authority", DEFAULT_CRITERIA)
        grant_level_permissions(
            "process_owner",
            [
                "design_authority.add_changerequest",
                "design_authority.change_changerequest",
                "design_authority.add_decision",
            ],
        )
        add_register(
            RegisterLink(
                "design_authority:list",
                _("Change requests"),
                _("Requests to the design authority, scored, and the board's decisions."),
                "design_authority.view_changerequest",
                order=25,
            )
        )
        add_register(
            RegisterLink(
                "design_authority:agenda",
                _("Design-authority board agenda"),
                _("Undecided change requests, by age and score."),
                "design_authority.view_changerequest",
                order=26,
            )
        )
        # One builder for customizations, change requests, decisions and waivers: they
        # refer to each other, and it runs after the gap register's builder.
        add_demo_builder("design authority", build_demo_design_authority)
