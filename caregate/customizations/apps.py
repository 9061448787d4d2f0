from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: Default criterion of the design-authority gate. Blocking: code built without full
#: approval is the "excessive customization" failure the gate exists to stop.
DEFAULT_CRITERIA = [
    {
        "key": "customizations-approved",
        "title": _("No customization in build without full approval"),
        "kind": "register",
        "register_condition": "customizations_in_build_without_full_approval",
        "owner_role": "design_authority",
        "explanation": _(
            "Every customization is a cost at every Odoo upgrade. Building one before its "
            "gaps, justification, owner, reviews, tests, upgrade impact and the board's "
            "approval are on record turns a design choice into a surprise."
        ),
        "next_action": _(
            "Complete what each listed customization is missing (its page lists it) and put "
            "it before the design-authority board, or stop the build."
        ),
    }
]


class CustomizationsConfig(AppConfig):
    name = "caregate.customizations"
    label = "customizations"
    verbose_name = _("Customization register")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.customizations import conditions, sheets  # noqa: F401
        from caregate.gates.defaults import add_default_criteria
        from caregate.programmes.access import grant_level_permissions

        add_default_criteria("design-authority", DEFAULT_CRITERIA)
        grant_level_permissions(
            "process_owner",
            ["customizations.add_customization", "customizations.change_customization"],
        )
        add_register(
            RegisterLink(
                "customizations:list",
                _("Customizations"),
                _("Custom code on top of Odoo: what it serves, its reviews and approval."),
                "customizations.view_customization",
                order=20,
            )
        )
