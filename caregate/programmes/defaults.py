"""The four workstreams every healthcare rollout starts with."""

from django.utils.translation import gettext_lazy as _

WORKSTREAMS = (
    {
        "key": "procurement-supply",
        "name": _("Procurement and supply"),
        "odoo_apps": ["Purchase", "Inventory", "Quality", "Documents"],
        "continuity_risks": _(
            "Shortages of critical items, unapproved substitutions, goods waiting at receiving."
        ),
        "governance_focus": _(
            "Who owns the item master, approval rules, replenishment policy, vendor controls."
        ),
    },
    {
        "key": "finance-revenue",
        "name": _("Finance and revenue administration"),
        "odoo_apps": ["Accounting", "Sales", "Documents"],
        "continuity_risks": _("Wrong bills, a late period close, findings at audit."),
        "governance_focus": _(
            "Chart of accounts design, posting controls, who owns each reconciliation."
        ),
    },
    {
        "key": "workforce",
        "name": _("Workforce coordination"),
        "odoo_apps": ["Employees", "Planning", "Project"],
        "continuity_risks": _(
            "Rota conflicts, low adoption, nobody clearly accountable for a task."
        ),
        "governance_focus": _("Mapping roles, approvals by managers, readiness of trainees."),
    },
    {
        "key": "support-service",
        "name": _("Support and service operations"),
        "odoo_apps": ["Helpdesk", "Maintenance", "Project"],
        "continuity_risks": _(
            "Issues resolved slowly, equipment out of service, escalations that go nowhere."
        ),
        "governance_focus": _(
            "Service-level design, the escalation matrix, how critical each asset is."
        ),
    },
)
