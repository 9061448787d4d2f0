"""The seven continuity scenarios every healthcare rollout must prove, pre-filled per programme.

Each entry: title, workstream key (caregate.programmes.defaults), Odoo apps,
priority and (action, expected result) steps. Written for this product.
"""

from __future__ import annotations

CONTINUITY_SCENARIOS = (
    {
        "title": "Receive urgent supplies",
        "workstream": "procurement-supply",
        "odoo_apps": ["Purchase", "Inventory"],
        "priority": "high",
        "steps": (
            ("Raise an urgent purchase order for a critical item.", "Order confirmed same day."),
            ("Receive the delivery at the site's goods-in.", "Receipt validated, lot recorded."),
            ("Put the goods away to the ward location.", "Stock visible at the ward."),
        ),
    },
    {
        "title": "Process a return to a supplier",
        "workstream": "procurement-supply",
        "odoo_apps": ["Inventory", "Purchase", "Accounting"],
        "priority": "medium",
        "steps": (
            ("Create a return from the original receipt.", "Return picking linked to receipt."),
            ("Ship the goods back.", "Stock reduced, return done."),
            ("Register the supplier credit note.", "Credit note matches the returned lines."),
        ),
    },
    {
        "title": "Reconcile supplier bills with orders and receipts",
        "workstream": "finance-revenue",
        "odoo_apps": ["Accounting", "Purchase"],
        "priority": "high",
        "steps": (
            ("Enter a supplier bill for a received order.", "Bill lines proposed from the PO."),
            ("Compare billed and received quantities.", "A mismatch blocks payment."),
            ("Approve the matching bill for payment.", "Bill posted and ready to pay."),
        ),
    },
    {
        "title": "Escalate a service issue",
        "workstream": "support-service",
        "odoo_apps": ["Helpdesk"],
        "priority": "medium",
        "steps": (
            ("Log a ticket for a failed clinical equipment item.", "Ticket in the right team."),
            ("Let the SLA deadline pass.", "Ticket escalated to the team lead."),
            ("Resolve and close the ticket.", "Requester notified, SLA recorded."),
        ),
    },
    {
        "title": "Schedule staff",
        "workstream": "workforce",
        "odoo_apps": ["Planning", "Employees"],
        "priority": "high",
        "steps": (
            ("Plan next week's shifts for a ward.", "Every shift has a qualified person."),
            ("Record a sickness absence.", "The gap in the rota is flagged."),
            ("Publish the schedule.", "Staff see their shifts."),
        ),
    },
    {
        "title": "Manage a quality hold on a lot",
        "workstream": "procurement-supply",
        "odoo_apps": ["Quality", "Inventory"],
        "priority": "high",
        "steps": (
            ("Put a received lot on quality hold.", "The lot cannot be picked."),
            ("Record the inspection result.", "Quality check passed or failed."),
            ("Release or scrap the lot.", "Stock available again or written off."),
        ),
    },
    {
        "title": "Close the period",
        "workstream": "finance-revenue",
        "odoo_apps": ["Accounting"],
        "priority": "high",
        "steps": (
            ("Post accruals for goods received not billed.", "Accrual entries balanced."),
            ("Reconcile the bank accounts.", "No unreconciled lines left."),
            ("Lock the period.", "No more entries can be posted in it."),
        ),
    },
)
