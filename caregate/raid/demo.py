"""Demo RAID log for Northbridge: 40 entries, several of them in trouble.

The story: wave 1 (central warehouse and general hospital) goes live in about
60 days. The interface to the clinical system is late, a critical issue with
lot-tracked implants sits with the steering committee past its due date, two
risks have nobody owning them, and an assumption about vendor catalogues was
never validated although its date has passed.
"""

from __future__ import annotations

import datetime as dt

from caregate.audit.services import audited_create
from caregate.raid.models import Assumption, Dependency, Issue, Risk

PROCUREMENT, FINANCE, WORKFORCE, SUPPORT = (
    "procurement-supply",
    "finance-revenue",
    "workforce",
    "support-service",
)

# reference, title, owner, workstream, likelihood, impact, status, mitigation, trigger
RISKS = (
    (
        "R-001",
        "Vendor master not cleansed before the final rehearsal",
        "Leo Brandt",
        PROCUREMENT,
        4,
        5,
        "mitigating",
        "Weekly duplicate report to the data stewards; freeze new vendors.",
        "More than 1 % duplicate partners in a rehearsal load.",
    ),
    (
        "R-002",
        "Clinical system interface not ready for wave 1",
        "Priya Raman",
        SUPPORT,
        4,
        4,
        "open",
        "Manual requisition fallback agreed with ward managers.",
        "Interface test slips past the integration test window.",
    ),
    (
        "R-003",
        "Ward staff released too late for training",
        "Ines Duarte",
        WORKFORCE,
        3,
        4,
        "open",
        "Rostered training slots agreed with nursing directors.",
        "Fewer than 80 % of slots booked four weeks before go-live.",
    ),
    (
        "R-004",
        "Lot and expiry data incomplete for implants",
        "Leo Brandt",
        PROCUREMENT,
        3,
        5,
        "mitigating",
        "Lot capture at receipt during parallel run.",
        "Recall simulation cannot trace a lot to a patient-facing location.",
    ),
    (
        "R-005",
        "Month-end close falls on the cutover weekend",
        "Samuel Adeyemi",
        FINANCE,
        2,
        4,
        "open",
        "Close one day early in the cutover month.",
        "Cutover date confirmed.",
    ),
    (
        "R-006",
        "Key super-user at the hospital leaves",
        None,
        WORKFORCE,
        2,
        3,
        "open",
        "",
        "Resignation of a named champion.",
    ),
    (
        "R-007",
        "Biomedical maintenance history not migrated",
        "Kofi Mensah",
        SUPPORT,
        3,
        3,
        "open",
        "Migrate last two years; archive the rest read-only.",
        "Rehearsal shows missing preventive plans.",
    ),
    (
        "R-008",
        "Purchase approval limits mis-configured",
        "Grace Lindqvist",
        PROCUREMENT,
        2,
        4,
        "mitigating",
        "Approval matrix reviewed in UAT with finance.",
        "UAT finds an order approved above its limit.",
    ),
    (
        "R-009",
        "Hypercare support desk understaffed",
        None,
        SUPPORT,
        4,
        3,
        "open",
        "",
        "Ticket backlog above 50 in the first week.",
    ),
    (
        "R-010",
        "Barcode scanners incompatible with the new labels",
        "Ruth Cole",
        PROCUREMENT,
        2,
        3,
        "closed",
        "Scanners tested and firmware updated.",
        "Scan failures in rehearsal.",
    ),
    (
        "R-011",
        "Payroll interface mapping errors",
        "Ines Duarte",
        WORKFORCE,
        2,
        5,
        "open",
        "Parallel payroll run for one period.",
        "Variance above 0.5 % in parallel run.",
    ),
    (
        "R-012",
        "Controlled-drug register rules not enforced",
        "Grace Lindqvist",
        PROCUREMENT,
        1,
        5,
        "mitigating",
        "Restricted-supply approval route tested with pharmacy.",
        "Pharmacy audit finding.",
    ),
    (
        "R-013",
        "Cutover window too short for stock counts",
        "Daniel Reyes",
        PROCUREMENT,
        3,
        4,
        "open",
        "Count high-value locations the week before.",
        "Dress rehearsal overruns.",
    ),
    (
        "R-014",
        "Budget overrun on integration work",
        "Tom Okafor",
        FINANCE,
        3,
        2,
        "open",
        "Fixed-price change for the clinical interface.",
        "Forecast above 105 %.",
    ),
    (
        "R-015",
        "Access roles granted too broadly at go-live",
        "Sara Nilsen",
        SUPPORT,
        3,
        4,
        "open",
        "Role catalogue with segregation-of-duties review.",
        "Access review finds mixed internal and portal users.",
    ),
    (
        "R-016",
        "Suppliers not ready for electronic orders",
        "Grace Lindqvist",
        PROCUREMENT,
        2,
        2,
        "occurred",
        "E-mail fallback for the twelve suppliers concerned.",
        "Supplier onboarding below 90 %.",
    ),
)

# reference, title, owner, workstream, validate by (days from today), status
ASSUMPTIONS = (
    (
        "A-001",
        "Vendors deliver catalogues in the agreed template",
        "Grace Lindqvist",
        PROCUREMENT,
        -10,
        "unvalidated",
    ),
    (
        "A-002",
        "The laboratory keeps its LIMS; only consumables move to Odoo",
        "Priya Raman",
        SUPPORT,
        -30,
        "valid",
    ),
    (
        "A-003",
        "One chart of accounts serves all four entities",
        "Samuel Adeyemi",
        FINANCE,
        -45,
        "valid",
    ),
    (
        "A-004",
        "Ward stock is replenished by the central warehouse only",
        "Grace Lindqvist",
        PROCUREMENT,
        14,
        "unvalidated",
    ),
    (
        "A-005",
        "HR records for agency staff stay outside Odoo",
        "Ines Duarte",
        WORKFORCE,
        -5,
        "invalid",
    ),
    (
        "A-006",
        "Network capacity at the care home suffices for scanners",
        None,
        SUPPORT,
        21,
        "unvalidated",
    ),
    (
        "A-007",
        "Existing asset tags can be reused for equipment",
        "Kofi Mensah",
        SUPPORT,
        -20,
        "valid",
    ),
    (
        "A-008",
        "Finance users work from the central office during cutover",
        "Samuel Adeyemi",
        FINANCE,
        30,
        "unvalidated",
    ),
)

# reference, title, owner, workstream, severity, due (days), escalation, status
ISSUES = (
    (
        "I-001",
        "Implant lots cannot be traced to the theatre store",
        "Leo Brandt",
        PROCUREMENT,
        "critical",
        -3,
        "steering_committee",
        "open",
    ),
    (
        "I-002",
        "Rehearsal 2 loaded 214 duplicate vendors",
        "Yara Haddad",
        PROCUREMENT,
        "high",
        7,
        "pmo",
        "in_progress",
    ),
    (
        "I-003",
        "Clinical interface test environment unavailable",
        "Priya Raman",
        SUPPORT,
        "high",
        5,
        "pmo",
        "open",
    ),
    (
        "I-004",
        "Reorder rules with minimum above maximum after load",
        "Leo Brandt",
        PROCUREMENT,
        "medium",
        10,
        "team",
        "in_progress",
    ),
    (
        "I-005",
        "Vendor bills blocked by price differences",
        "Samuel Adeyemi",
        FINANCE,
        "medium",
        14,
        "team",
        "open",
    ),
    (
        "I-006",
        "Too many access-rights administrators",
        "Sara Nilsen",
        SUPPORT,
        "high",
        2,
        "steering_committee",
        "open",
    ),
    (
        "I-007",
        "Training rooms double-booked at the hospital",
        "Ines Duarte",
        WORKFORCE,
        "low",
        -1,
        "team",
        "resolved",
    ),
    (
        "I-008",
        "Leaver accounts still active in the test copy",
        "Sara Nilsen",
        SUPPORT,
        "medium",
        4,
        "pmo",
        "open",
    ),
    (
        "I-009",
        "Negative stock in the pharmacy location after rehearsal",
        None,
        PROCUREMENT,
        "high",
        6,
        "team",
        "open",
    ),
    (
        "I-010",
        "Maintenance request categories not agreed",
        "Kofi Mensah",
        SUPPORT,
        "low",
        20,
        "team",
        "closed",
    ),
)

# reference, title, owner, workstream, depends on, needed by (days), status
DEPENDENCIES = (
    (
        "D-001",
        "Clinical system interface specification",
        "Priya Raman",
        SUPPORT,
        "Clinical system vendor",
        -7,
        "missed",
    ),
    (
        "D-002",
        "Label printers installed in the central warehouse",
        "Ruth Cole",
        PROCUREMENT,
        "Facilities project",
        20,
        "expected",
    ),
    (
        "D-003",
        "Bank connection for supplier payments",
        "Samuel Adeyemi",
        FINANCE,
        "Treasury and the bank",
        25,
        "at_risk",
    ),
    (
        "D-004",
        "Payroll provider file format",
        "Ines Duarte",
        WORKFORCE,
        "Payroll provider",
        -15,
        "delivered",
    ),
    (
        "D-005",
        "Single sign-on for hospital staff",
        "Sara Nilsen",
        SUPPORT,
        "Group IT identity team",
        35,
        "at_risk",
    ),
    (
        "D-006",
        "Wave 2 laboratory scope sign-off",
        "Tom Okafor",
        SUPPORT,
        "Laboratory board",
        45,
        "expected",
    ),
)


def build_demo_raid(programme, people, as_of: dt.datetime) -> None:
    """Create the demo RAID log (40 entries) with an audit entry each."""
    today = as_of.date()
    workstreams = {each.key: each for each in programme.workstreams.all()}

    def create(model, reference, title, owner, workstream, **fields):
        entry = model(
            programme=programme,
            reference=reference,
            title=title,
            owner=people.get(owner) if owner else None,
            workstream=workstreams[workstream],
            **fields,
        )
        if isinstance(entry, Risk):
            entry.score = entry.likelihood * entry.impact
        audited_create(entry, None, reason="demo data")

    for ref, title, owner, stream, likelihood, impact, status, mitigation, trigger in RISKS:
        create(
            Risk,
            ref,
            title,
            owner,
            stream,
            likelihood=likelihood,
            impact=impact,
            status=status,
            mitigation=mitigation,
            trigger=trigger,
        )
    for ref, title, owner, stream, days, status in ASSUMPTIONS:
        create(
            Assumption,
            ref,
            title,
            owner,
            stream,
            validation_date=today + dt.timedelta(days=days),
            status=status,
        )
    for ref, title, owner, stream, severity, days, escalation, status in ISSUES:
        create(
            Issue,
            ref,
            title,
            owner,
            stream,
            severity=severity,
            due_date=today + dt.timedelta(days=days),
            escalation_level=escalation,
            status=status,
        )
    for ref, title, owner, stream, depends_on, days, status in DEPENDENCIES:
        create(
            Dependency,
            ref,
            title,
            owner,
            stream,
            depends_on=depends_on,
            needed_by=today + dt.timedelta(days=days),
            status=status,
        )
