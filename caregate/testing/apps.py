from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestingConfig(AppConfig):
    name = "caregate.testing"
    label = "testing"
    verbose_name = _("Testing")

    def ready(self):
        """Plug test management into the registers menu, access levels, gates, sheets and demo.

        Default criteria added to the migration-and-test gate (all blocking), thresholds in
        programme.evidence_settings["testing"] (see caregate.testing.services):
        no open severity-1 defect; at most ``max_open_severity2`` (default 5) open
        severity-2 defects, each with an agreed workaround; every in-scope scenario of the
        acceptance cycles executed; pass rate of each acceptance cycle at least
        ``min_pass_rate`` (default 95 %); every workstream in an acceptance cycle signed off
        by its process owner.
        """
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.demo.registry import add_demo_builder
        from caregate.gates.defaults import add_default_criteria
        from caregate.programmes.access import grant_level_permissions
        from caregate.programmes.models import Role
        from caregate.testing import conditions, sheets  # noqa: F401  (they register themselves)
        from caregate.testing.demo import build_demo_testing

        add_register(
            RegisterLink(
                "testing:cycles",
                _("Test cycles and defects"),
                _("Scenarios, SIT and UAT cycles, coverage, defects and exit criteria."),
                "testing.view_testcycle",
                order=40,
            )
        )
        grant_level_permissions(
            "pmo",
            [
                "testing.add_scenario",
                "testing.change_scenario",
                "testing.add_testcycle",
                "testing.change_testcycle",
                "testing.add_execution",
                "testing.add_defect",
                "testing.change_defect",
            ],
        )
        grant_level_permissions("process_owner", ["testing.add_execution", "testing.add_defect"])
        add_default_criteria(
            "migration-and-test",
            [
                {
                    "key": "no-open-severity1-defects",
                    "title": _("No open severity-1 defect"),
                    "kind": "register",
                    "register_condition": "open_severity1_defects",
                    "owner_role": Role.TEST_LEAD,
                    "explanation": _(
                        "A critical defect means a core process does not work: going live "
                        "with it puts supply, payment or care at risk."
                    ),
                    "next_action": _("Fix and retest each listed defect, or reject it."),
                },
                {
                    "key": "severity2-defects-within-limit",
                    "title": _("Few severity-2 defects, each with an agreed workaround"),
                    "kind": "register",
                    "register_condition": "severity2_defects_over_limit",
                    "owner_role": Role.TEST_LEAD,
                    "explanation": _(
                        "High defects are acceptable at go-live only in small numbers and "
                        "when the business has agreed how to work around them."
                    ),
                    "next_action": _(
                        "Agree a workaround with the process owner, or fix and retest."
                    ),
                },
                {
                    "key": "acceptance-scenarios-run",
                    "title": _("Every acceptance scenario in scope has been run"),
                    "kind": "register",
                    "register_condition": "acceptance_scenarios_not_run",
                    "owner_role": Role.TEST_LEAD,
                    "explanation": _("A scenario nobody ran proves nothing about continuity."),
                    "next_action": _("Run the listed cycles' remaining scenarios."),
                },
                {
                    "key": "acceptance-pass-rate",
                    "title": _("Acceptance pass rate at or above the threshold"),
                    "kind": "register",
                    "register_condition": "acceptance_pass_rate_below_threshold",
                    "owner_role": Role.TEST_LEAD,
                    "explanation": _(
                        "Too many failing or blocked scenarios show the processes are not "
                        "ready for the business."
                    ),
                    "next_action": _("Fix the failing scenarios' defects and run them again."),
                },
                {
                    "key": "acceptance-signed-off",
                    "title": _("Every process owner signed off their acceptance cycle"),
                    "kind": "register",
                    "register_condition": "acceptance_workstreams_not_signed_off",
                    "owner_role": Role.PROCESS_OWNER,
                    "explanation": _(
                        "The business, not IT, accepts that its processes work in Odoo."
                    ),
                    "next_action": _(
                        "Ask each listed workstream's process owner to sign the cycle off."
                    ),
                },
            ],
        )
        add_demo_builder("testing", build_demo_testing)
