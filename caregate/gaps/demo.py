"""Demo gaps for the Northbridge programme: a fit-gap register as a healthcare PMO keeps it.

Sixty gaps across the four workstreams, most decided, several overdue. Two open gaps of
high criticality still lack a resolution path — the lot recall across sites (GAP-0007)
and consignment stock in the operating theatres (GAP-0012) — so the design-authority
gate fails on "no open critical or high gap without a resolution path and an owner":
the board approved the design before these two surfaced in the theatre and recall
walkthroughs, and the programme must decide them before the gate can pass again.
"""

from __future__ import annotations

import datetime as dt
import logging

from caregate.gaps.models import Gap
from caregate.gaps.priority import set_priority, weights_from_settings

logger = logging.getLogger(__name__)

OWNERS = {
    "procurement-supply": "Grace Lindqvist",
    "finance-revenue": "Samuel Adeyemi",
    "workforce": "Ines Duarte",
    "support-service": "Kofi Mensah",
}

CRITICALITY = {"C": "critical", "H": "high", "M": "medium", "L": "low"}
COMPLIANCE = {"n": "none", "l": "low", "m": "medium", "h": "high", "r": "regulatory"}
WORKAROUND = {"n": "none", "d": "difficult", "m": "manual", "e": "easy"}
PATH = {
    "": "",
    "std": "standard_configuration",
    "pr": "process_redesign",
    "cu": "customization",
    "def": "deferred",
}
STATUS = {
    "o": "open",
    "a": "analysing",
    "ag": "resolution_agreed",
    "rs": "resolved",
    "cl": "closed",
    "df": "deferred",
}
GATE = {"da": "design-authority", "mt": "migration-and-test", "gl": "go-live", "": None}

# Workstream key, process area, title, description, criticality, compliance, workaround,
# path, status, owner ("" = the workstream's process owner, None = nobody yet,
# else a name), raised (days before as-of), due (days after as-of; negative = overdue),
# target gate.
P, F, W, S = "procurement-supply", "finance-revenue", "workforce", "support-service"
# fmt: off
GAPS = (
    (P, "Controlled drugs", "Two-signature approval chain for controlled-drug requisitions",
     "Schedule 2 requisitions need a pharmacist and a second authorised signatory before the "
     "order is released; standard purchase approval knows one approver per amount tier.",
     "C", "r", "n", "cu", "ag", "", 120, 10, "da"),
    (P, "Controlled drugs", "Controlled-drug register balance kept per cabinet",
     "Wards keep a running balance per cabinet and witness every issue; Odoo keeps stock per "
     "location without witness details.",
     "C", "r", "d", "cu", "ag", "", 118, 14, "da"),
    (P, "Pharmacy purchasing", "Three-way match tolerance for pharmacy invoices",
     "Pharmacy wholesalers invoice price changes of a few cents per pack; finance wants a "
     "tolerance per vendor instead of blocking every bill.",
     "H", "m", "m", "std", "rs", "", 110, -20, "da"),
    (P, "Pharmacy purchasing", "Wholesaler framework prices with quarterly index",
     "Framework contract prices rise with a published index each quarter.",
     "M", "l", "m", "std", "ag", "", 96, 5, "da"),
    (P, "Inventory", "Expiry-first picking for sterile supplies",
     "Sterile packs must leave the store earliest expiry first, across lots.",
     "H", "h", "d", "std", "rs", "", 105, -30, "da"),
    (P, "Inventory", "Ward imprest top-up by par level",
     "Ward stores are topped up to a par level by porters twice a day.",
     "M", "n", "m", "std", "rs", "", 100, -25, "da"),
    (P, "Recalls", "Lot recall across sites in one view",
     "A manufacturer recall must find every affected lot at the central warehouse, the "
     "hospital wards and the care home within the hour; lot traceability is per company.",
     "H", "r", "d", "", "a", "", 21, 9, "da"),
    (P, "Recalls", "Quarantine location for recalled and damaged goods",
     "Recalled goods go to a quarantine location that no picking route may use.",
     "H", "h", "m", "std", "ag", "", 60, 12, "da"),
    (P, "Medical devices", "Implant traceability to the patient episode",
     "Implant serial numbers must be linked to the patient episode for the national implant "
     "registry.",
     "C", "r", "n", "cu", "ag", "", 90, 20, "da"),
    (P, "Medical devices", "Unique device identifier captured at receipt",
     "Receipts should scan the UDI barcode and store it with the lot.",
     "M", "h", "m", "cu", "a", "", 45, 30, "mt"),
    (P, "Vendor management", "Vendor qualification before first order",
     "A new medical-supply vendor needs a quality questionnaire and CE evidence before any "
     "purchase order.",
     "H", "h", "m", "pr", "ag", "", 80, 6, "da"),
    (P, "Theatres", "Consignment stock in operating theatres",
     "Orthopaedic implants are held on consignment; the vendor is paid only on use and "
     "replenishes what theatres consumed. No owned stock may be valued for them.",
     "H", "m", "d", "", "o", "", 14, 16, "da"),
    (P, "Theatres", "Procedure packs kitted per surgeon preference",
     "Preference cards define per-surgeon packs that the store kits the day before.",
     "M", "n", "m", "pr", "ag", "", 70, 15, "mt"),
    (P, "Requisitions", "Department coordinators order on behalf of wards",
     "Coordinators raise requisitions for several cost centres at once.",
     "L", "n", "e", "std", "rs", "", 130, -60, "da"),
    (P, "Requisitions", "Free-text requests for non-catalogue items",
     "Clinicians ask for items not in the catalogue; buyers turn them into products.",
     "M", "l", "m", "pr", "rs", "", 125, -50, "da"),
    (P, "Inventory", "Cold-chain excursions block receipt",
     "A vaccine delivery whose logger shows an excursion must not be put away.",
     "H", "r", "m", "cu", "a", "", 35, 25, "da"),
    (P, "Inventory", "Cycle counts by ABC class per store",
     "A items monthly, C yearly.",
     "L", "l", "e", "std", "cl", "", 140, -70, "da"),
    (P, "Purchasing", "Emergency purchases outside office hours",
     "Night managers buy urgently with a card and register the order next morning.",
     "M", "m", "m", "pr", "ag", "", 55, -3, "da"),
    (P, "Purchasing", "Blanket orders for dialysis consumables",
     "Call-offs against a yearly quantity agreement.",
     "M", "n", "e", "std", "rs", "", 115, -40, "da"),
    (P, "Laboratory supplies", "Reagent lots tied to analyser calibration",
     "A new reagent lot needs a calibration run before use.",
     "M", "h", "m", "def", "df", "", 75, 60, "gl"),
    (P, "Inventory", "Patient-chargeable items flagged at issue",
     "Some items are billed to the patient when issued.",
     "L", "l", "m", "", "o", None, 9, 40, ""),
    (P, "Inventory", "Returns from wards to the central store",
     "Unused items come back.",
     "L", "n", "e", "std", "rs", "", 122, -45, "da"),
    (F, "Payables", "Duplicate invoice detection across entities",
     "The same vendor invoice can reach two group companies.",
     "H", "m", "m", "std", "rs", "", 108, -28, "da"),
    (F, "Payables", "Withholding of disputed pharmacy invoice lines",
     "Pay the undisputed lines of a wholesaler invoice and hold the rest.",
     "M", "l", "m", "pr", "ag", "", 66, 8, "da"),
    (F, "Intercompany", "Intercompany recharges for shared services",
     "The central warehouse recharges hospital and care home monthly.",
     "H", "h", "m", "std", "ag", "", 88, 4, "da"),
    (F, "Budgets", "Commitment control against department budgets",
     "A requisition above the remaining budget needs the budget holder's approval.",
     "H", "m", "d", "cu", "a", "", 50, 18, "da"),
    (F, "Revenue", "Care-home resident billing with funding splits",
     "Residents' fees are split between the resident, the municipality and the insurer.",
     "C", "r", "n", "cu", "ag", "", 95, 21, "da"),
    (F, "Revenue", "Insurer contract prices per care package",
     "Each insurer pays its own tariff per care package; the price depends on the contract "
     "year, not on the product.",
     "H", "h", "m", "std", "a", "", 40, 28, "da"),
    (F, "Assets", "Capitalisation threshold for medical equipment",
     "Equipment above the threshold becomes an asset at receipt.",
     "M", "h", "e", "std", "rs", "", 112, -35, "da"),
    (F, "Assets", "Donated equipment valued at fair value",
     "Charity donations of equipment arrive without a purchase order and must be valued for "
     "the asset register.",
     "L", "m", "m", "pr", "ag", "", 58, 30, "da"),
    (F, "Closing", "Month-end accruals for goods received not invoiced",
     "Finance needs the value of receipts without a vendor bill at each month end, per cost "
     "centre.",
     "M", "h", "m", "std", "rs", "", 102, -20, "da"),
    (F, "Tax", "VAT exemption for medical services and partial recovery",
     "Healthcare services are exempt; input VAT is recovered pro rata.",
     "C", "r", "d", "std", "ag", "", 99, 11, "da"),
    (F, "Payables", "Payment runs with four-eyes release",
     "A payment batch is prepared by one person and released by another, above a set amount.",
     "H", "h", "m", "std", "rs", "", 97, -15, "da"),
    (F, "Reporting", "Cost per patient day for the care home",
     "Management reporting divides care-home costs by occupied bed days; the occupancy "
     "figure lives outside Odoo.",
     "M", "n", "m", "def", "df", "", 44, 90, ""),
    (F, "Revenue", "Laboratory tests billed to referring clinics",
     "The laboratory invoices clinics monthly for the tests they referred, at the clinic's "
     "agreed rate.",
     "M", "l", "m", "", "o", "", 12, 35, "mt"),
    (F, "Grants", "Research grant spending kept apart",
     "Spending charged to a research grant must be reportable to the funder, line by line.",
     "L", "m", "e", "", "o", None, 6, 50, ""),
    (W, "Rostering", "Nurse shift patterns with on-call allowances",
     "Rosters drive allowances that payroll needs by the 20th.",
     "H", "h", "m", "pr", "ag", "", 85, 9, "da"),
    (W, "Credentials", "Registration checks before a clinician is rostered",
     "A nurse or doctor whose professional registration lapsed may not be rostered.",
     "C", "r", "n", "cu", "ag", "", 92, 13, "da"),
    (W, "Onboarding", "Mandatory training before system access",
     "Nobody gets Odoo access before completing the role's mandatory training module.",
     "H", "h", "m", "pr", "rs", "", 89, -12, "gl"),
    (W, "Leavers", "Same-day access removal for leavers",
     "Access to controlled-drug cabinets and Odoo ends on the last working day.",
     "H", "h", "d", "pr", "ag", "Helena Marsh", 70, 5, "gl"),
    (W, "Agency staff", "Agency nurses ordering on a ward's behalf",
     "Agency staff sometimes need to request supplies for the ward they cover for a shift.",
     "M", "m", "m", "pr", "a", "", 30, 20, "da"),
    (W, "Rostering", "Minimum staffing ratios per ward",
     "Rosters must respect the minimum nurse-to-patient ratio set for each ward type.",
     "H", "r", "m", "def", "df", "", 65, 120, ""),
    (W, "Time off", "Time-off accrual per collective agreement",
     "Leave entitlement grows with age and service according to the healthcare collective "
     "agreement.",
     "M", "h", "m", "std", "rs", "", 98, -30, "da"),
    (W, "Volunteers", "Volunteers recorded without employment contract",
     "Volunteers need a record for screening and insurance but are not employees.",
     "L", "l", "e", "std", "cl", "", 135, -90, "da"),
    (W, "Org structure", "Matrix of cost centre and clinical department",
     "Staff belong to a clinical department and are paid from a cost centre that does not "
     "always match.",
     "M", "n", "m", "std", "rs", "", 126, -80, "da"),
    (W, "Onboarding", "Badge and locker requests from the hiring form",
     "Facilities wants badge and locker requests raised automatically when a hire is "
     "confirmed.",
     "L", "n", "e", "", "o", None, 4, 45, ""),
    (S, "Biomedical assets", "Biomedical asset criticality drives maintenance priority",
     "Ventilators and infusion pumps rank above beds; a breakdown on a critical asset becomes "
     "an urgent work order.",
     "H", "h", "d", "std", "ag", "", 84, 7, "da"),
    (S, "Biomedical assets", "Preventive maintenance by manufacturer schedule",
     "Service intervals per device model from the manufacturer.",
     "H", "r", "m", "std", "rs", "", 109, -22, "da"),
    (S, "Biomedical assets", "Electrical safety test records per device",
     "Each medical device needs a dated electrical safety test result, kept for inspections.",
     "H", "r", "m", "cu", "a", "", 48, 26, "da"),
    (S, "Estates", "Legionella flushing rounds as recurring tasks",
     "Little-used water outlets are flushed weekly and the round is signed off for the water"
     " safety log.",
     "M", "r", "m", "std", "rs", "", 103, -33, "da"),
    (S, "Service desk", "Clinical-urgency tickets jump the queue",
     "A fault that stops patient care must reach an engineer ahead of office requests.",
     "H", "m", "m", "std", "ag", "", 62, 3, "gl"),
    (S, "Service desk", "Ward staff report faults without a login",
     "Night staff on wards report broken equipment by phone or a shared terminal.",
     "M", "n", "m", "pr", "ag", "", 57, 10, "gl"),
    (S, "Estates", "Contractor permits to work in clinical areas",
     "Contractors working in theatres or isolation rooms need a permit with infection-"
     "control conditions.",
     "M", "h", "m", "cu", "a", "", 33, 22, "da"),
    (S, "Biomedical assets", "Loan equipment from vendors tracked by serial",
     "Trial and loan devices from vendors must be traceable and returned on time.",
     "M", "m", "m", "std", "a", "", 28, 19, "da"),
    (S, "Facilities", "Cleaning schedules by infection-risk category",
     "Cleaning frequency depends on the room's infection-risk category, which changes with "
     "outbreaks.",
     "M", "h", "m", "def", "df", "", 54, 100, ""),
    (S, "Service desk", "Satisfaction survey after ticket closure",
     "The service desk asks the reporter for a rating when a ticket is closed.",
     "L", "n", "e", "std", "cl", "", 118, -70, "da"),
    (S, "Biomedical assets", "Spare parts reserved for critical devices",
     "Spare parts for ventilators and infusion pumps must not be consumed by routine jobs.",
     "H", "m", "d", "std", "ag", "", 46, 15, "da"),
    (S, "Estates", "Energy meter readings per building",
     "Monthly meter readings per building feed the sustainability report.",
     "L", "l", "e", "", "o", None, 3, 60, ""),
    (S, "Fleet", "Patient transport vehicle inspections",
     "Ambulances and transport vans need daily checks and periodic statutory inspections.",
     "M", "h", "m", "std", "a", "", 26, 24, "mt"),
    (S, "Service desk", "Out-of-hours escalation to the duty manager",
     "Unresolved urgent tickets after hours go to the on-call duty manager.",
     "M", "m", "m", "pr", "rs", "", 87, -18, "gl"),
)
# fmt: on


def build_demo_gaps(programme, people, as_of: dt.datetime) -> None:
    """Add the sixty demo gaps (GAP-0001 …) to the demo programme."""
    workstreams = {ws.key: ws for ws in programme.workstreams.all()}
    gates = {gate.key: gate for gate in programme.gates.all()}
    weights = weights_from_settings(programme.evidence_settings)
    today = as_of.date()
    gaps = []
    for number, row in enumerate(GAPS, start=1):
        (
            ws_key,
            area,
            title,
            description,
            crit,
            compliance,
            workaround,
            path,
            status,
            owner,
            raised_ago,
            due_in,
            gate_key,
        ) = row
        owner_name = OWNERS[ws_key] if owner == "" else owner
        gap = Gap(
            programme=programme,
            reference=f"GAP-{number:04d}",
            workstream=workstreams[ws_key],
            process_area=area,
            title=title,
            description=description,
            criticality=CRITICALITY[crit],
            compliance_impact=COMPLIANCE[compliance],
            workaround=WORKAROUND[workaround],
            owner=people[owner_name] if owner_name else None,
            resolution_path=PATH[path],
            status=STATUS[status],
            target_gate=gates.get(GATE[gate_key]) if GATE[gate_key] else None,
            raised_on=today - dt.timedelta(days=raised_ago),
            due_date=today + dt.timedelta(days=due_in),
        )
        set_priority(gap, weights)
        gaps.append(gap)
    Gap.objects.bulk_create(gaps)
    logger.info("demo programme %s: %d gaps", programme.key, len(gaps))
