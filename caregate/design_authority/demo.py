"""Demo customizations, change requests, board decisions and waivers for Northbridge.

The story: the board approved the design 40 days ago. Since then the supply
chain team started building the cold-chain quarantine automation for regulated
inventory (CUS-0003) while its security review was still open and the board had
only deferred it — so the design-authority gate fails on "no customization in
build without full approval". The board's agenda holds three undecided
requests, the oldest 26 of its 30 allowed days old. The PMO waived the
negative-stock criterion of the migration gate until the laboratory's
backflush correction has run; an earlier waiver of the partner-duplicates
criterion has expired, so that criterion counts again.

Runs after the gap register's demo builder (it links gaps by reference).
"""

from __future__ import annotations

import datetime as dt
import logging

from caregate.customizations.services import create_customization, update_customization
from caregate.decisions.services import grant_waiver, site_date
from caregate.design_authority.services import create_change_request, record_decision
from caregate.gates.models import Criterion

logger = logging.getLogger(__name__)

BOARD = "Martin Vogel"

# reference, title, kind, workstream, gap refs, justification, text, owner,
# architecture (reviewer, outcome, days ago), tests, upgrade (impact, versions),
# security (reviewer, outcome, days ago), status, board decision (outcome, days ago, why,
# conditions)
CUSTOMIZATIONS = (
    (
        "Two-signature approval for controlled-drug requisitions",
        "approval_logic",
        "procurement-supply",
        ["GAP-0001", "GAP-0002"],
        "compliance",
        "Controlled-drug rules require a pharmacist and a second signatory; standard "
        "purchase approval has one approver per amount tier.",
        "Grace Lindqvist",
        ("Priya Raman", "approved", 70),
        14,
        ("low", "17.0, 18.0"),
        ("Sara Nilsen", "approved", 66),
        "built",
        ("approved", 62, "Legal obligation; small module on the approval mixin.", ""),
    ),
    (
        "Implant traceability through the clinical-system interface",
        "integration",
        "procurement-supply",
        ["GAP-0009"],
        "compliance",
        "Implants must be traceable to the patient episode held in the clinical system; "
        "the link is an HL7 FHIR message on issue to theatre.",
        "Grace Lindqvist",
        ("Priya Raman", "approved_with_conditions", 35),
        22,
        ("high", "17.0, 18.0"),
        ("Sara Nilsen", "approved", 31),
        "approved",
        (
            "approved",
            28,
            "Recall obligation; interface owned by the integration team.",
            "Message retries and a dead-letter queue before go-live.",
        ),
    ),
    (
        "Cold-chain quarantine for regulated inventory",
        "automation",
        "procurement-supply",
        ["GAP-0016"],
        "compliance",
        "A temperature excursion at receipt must block the goods and route them to "
        "quarantine until a pharmacist releases them.",
        "Grace Lindqvist",
        ("Priya Raman", "approved", 24),
        6,
        ("low", "17.0"),
        ("Sara Nilsen", "", None),
        "in_build",
        (
            "deferred",
            18,
            "Sound design, but it changes who may release stock.",
            "Security review of the release rights first.",
        ),
    ),
    (
        "Care-home resident billing with funding splits",
        "data_model",
        "finance-revenue",
        ["GAP-0027"],
        "compliance",
        "Residents' fees are split between the resident, the municipality and the insurer "
        "by care package.",
        "Samuel Adeyemi",
        ("Priya Raman", "changes_requested", 9),
        None,
        ("", ""),
        (None, "", None),
        "in_review",
        None,
    ),
    (
        "Professional-register check before rostering",
        "integration",
        "workforce",
        ["GAP-0038"],
        "compliance",
        "",
        "Ines Duarte",
        (None, "", None),
        None,
        ("", ""),
        (None, "", None),
        "proposed",
        None,
    ),
    (
        "Commitment-control dashboard per department",
        "report",
        "finance-revenue",
        ["GAP-0026"],
        "differentiation",
        "Budget holders want committed spend next to actuals on one page.",
        "Samuel Adeyemi",
        ("Priya Raman", "approved", 50),
        3,
        ("none", "17.0, 18.0"),
        ("Sara Nilsen", "approved", 48),
        "retired",
        (
            "rejected",
            45,
            "Standard budget reports with analytic distribution give the same view.",
            "",
        ),
    ),
)

# title, kind, workstream, requested by, submitted (days ago), value, compliance,
# maintainability, board decision (outcome, days ago, why, conditions) or None
CHANGE_REQUESTS = (
    (
        "Unique device identifier field on receipts",
        "data_model",
        "procurement-supply",
        "Leo Brandt",
        58,
        (3, 4, 3),
        ("approved", 45, "Needed for implant recalls; one stored field.", ""),
    ),
    (
        "Nightly stock feed to the clinical system",
        "integration",
        "procurement-supply",
        "Grace Lindqvist",
        26,
        (4, 3, 2),
        None,
    ),
    (
        "Controlled-drug register report for pharmacy inspections",
        "report",
        "procurement-supply",
        "Grace Lindqvist",
        12,
        (3, 5, 4),
        None,
    ),
    (
        "Reorder automatically when quarantined stock is released",
        "automation",
        "procurement-supply",
        "Leo Brandt",
        20,
        (3, 2, 3),
        (
            "deferred",
            6,
            "Depends on the quarantine customization, still in security review.",
            "Decide after CUS-0003 has passed its security review.",
        ),
    ),
    (
        "Ward cost-centre field on requisitions",
        "data_model",
        "finance-revenue",
        "Samuel Adeyemi",
        40,
        (2, 1, 4),
        ("rejected", 33, "Analytic distribution on the request line already covers it.", ""),
    ),
    (
        "Supplier scorecard report",
        "report",
        "procurement-supply",
        "Grace Lindqvist",
        5,
        (3, 1, 5),
        None,
    ),
)


def _ago(as_of: dt.datetime, days: int | None) -> dt.date | None:
    return None if days is None else site_date(as_of - dt.timedelta(days=days))


def build_demo_design_authority(programme, people, as_of: dt.datetime) -> None:
    """Add the demo customizations, change requests, decisions and waivers."""
    workstreams = {each.key: each for each in programme.workstreams.all()}
    gaps = (
        {gap.reference: gap for gap in programme.gaps.all()} if hasattr(programme, "gaps") else {}
    )
    board = people[BOARD]

    for (
        title,
        kind,
        workstream,
        gap_refs,
        justification,
        text,
        owner,
        (architect, architecture_outcome, architecture_days),
        tests,
        (impact, versions),
        (security, security_outcome, security_days),
        status,
        decision,
    ) in CUSTOMIZATIONS:
        customization = create_customization(
            programme,
            None,
            gaps=[gaps[ref] for ref in gap_refs if ref in gaps],
            reason="demo data",
            title=title,
            kind=kind,
            workstream=workstreams[workstream],
            justification=justification,
            justification_text=text,
            business_owner=people[owner],
            architecture_reviewer=people.get(architect),
            architecture_outcome=architecture_outcome,
            architecture_reviewed_on=_ago(as_of, architecture_days),
            test_case_count=tests,
            upgrade_impact=impact,
            upgrade_versions=versions,
            security_reviewer=people.get(security),
            security_outcome=security_outcome,
            security_reviewed_on=_ago(as_of, security_days),
            status="proposed" if decision else status,
        )
        if decision:
            outcome, days, why, conditions = decision
            record_decision(
                customization,
                board,
                outcome,
                why,
                conditions=conditions,
                decided_at=as_of - dt.timedelta(days=days),
            )
            customization.refresh_from_db()
            if customization.status != status:
                # The register records what happened after the board, e.g. a build started
                # before the deferral's conditions were met.
                update_customization(
                    customization,
                    None,
                    status=status,
                    reason="Build started to keep the rehearsal date; security review pending.",
                )

    for title, kind, workstream, requester, submitted, scores, decision in CHANGE_REQUESTS:
        value, compliance, maintainability = scores
        request = create_change_request(
            programme,
            None,
            reason="demo data",
            title=title,
            kind=kind,
            workstream=workstreams[workstream],
            requested_by=people[requester],
            submitted_on=_ago(as_of, submitted),
            business_value=value,
            compliance_impact=compliance,
            maintainability=maintainability,
        )
        if decision:
            outcome, days, why, conditions = decision
            record_decision(
                request,
                board,
                outcome,
                why,
                conditions=conditions,
                decided_at=as_of - dt.timedelta(days=days),
            )

    criteria = {
        criterion.key: criterion
        for criterion in Criterion.objects.filter(
            gate__programme=programme, gate__key="migration-and-test"
        ).select_related("gate")
    }
    pmo = people["Tom Okafor"]
    grant_waiver(
        criteria["partners-unique"],
        pmo,
        "Vendor merge scheduled in the cleansing sprint before rehearsal 2.",
        _ago(as_of, 4),
        granted_at=as_of - dt.timedelta(days=30),
    )
    grant_waiver(
        criteria["no-negative-stock"],
        pmo,
        "Negative laboratory quants come from a replayed reagent backflush; the correction "
        "job runs before rehearsal 3.",
        site_date(as_of) + dt.timedelta(days=14),
        granted_at=as_of - dt.timedelta(days=3),
    )
    logger.info("demo programme %s: design-authority demo data added", programme.key)
