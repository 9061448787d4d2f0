"""The method's defaults: ten stages, four readiness gates and their criteria.

A new programme gets a copy of these as rows it owns (see
:func:`caregate.gates.services.install_method`); from then on the programme
tightens, relaxes or adds criteria as data, and every change is recorded.

Default thresholds and why they were chosen:

* Data-quality checks on master data that blocks receiving or replenishment
  (critical products without a vendor, reorder rules with min above max, lots
  on the wrong product, negative stock) default to zero tolerance: each one is
  a stockout or a patient-safety incident waiting to happen.
* Partner duplicates allow 1 % because a cleansing pass rarely reaches zero
  before the first rehearsal, and duplicates cost money, not availability.
* Access-rights administrators: at most 2 (a primary and a deputy).
* Evidence must be younger than 24 hours when a gate is judged, so a
  decision never rests on last week's data.
* Hypercare service levels: purchase-order cycle at most 5 days, receiving
  backlog at most 10 overdue receipts, stock accuracy at least 98 %,
  maintenance completion at least 90 %, no vendor-bill exceptions above 25,
  no leaver who kept access.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Role

STAGES = (
    # key, name, gate key that closes the stage (None: continuous improvement)
    ("discovery", _("Discovery and business analysis"), "design-authority"),
    ("gap-analysis", _("Gap analysis"), "design-authority"),
    ("solution-design", _("Solution design"), "design-authority"),
    ("configuration", _("Configuration and controlled customization"), "design-authority"),
    ("migration-rehearsal", _("Migration rehearsal"), "migration-and-test"),
    ("sit-uat", _("System integration and user acceptance testing"), "migration-and-test"),
    ("training", _("Training and change readiness"), "go-live"),
    ("go-live-planning", _("Go-live planning"), "go-live"),
    ("hypercare", _("Hypercare"), "hypercare"),
    ("continuous-improvement", _("Continuous improvement"), None),
)

GATES = (
    {
        "key": "design-authority",
        "name": _("Design authority approval"),
        "phase": _("Design and build"),
        "primary_owner_role": Role.SOLUTION_ARCHITECT,
        "description": _(
            "The target design is approved: process maps signed, environments configured, "
            "integrations specified, and the configuration the evidence shows is sound."
        ),
        "deliverables": [
            _("Approved process maps"),
            _("Configured environments"),
            _("Integration specifications"),
        ],
    },
    {
        "key": "migration-and-test",
        "name": _("Defect and data-quality thresholds met"),
        "phase": _("Migration and test"),
        "primary_owner_role": Role.PMO,
        "description": _(
            "Rehearsal loads are clean enough to go live on and testing has reached its "
            "exit criteria."
        ),
        "deliverables": [
            _("Cleansed data"),
            _("Rehearsal loads"),
            _("SIT and UAT results"),
        ],
    },
    {
        "key": "go-live",
        "name": _("Steering committee go-live approval"),
        "phase": _("Deployment readiness"),
        "primary_owner_role": Role.SPONSOR,
        "description": _(
            "The organisation is ready to switch: people trained, cutover planned, support "
            "model in place and security validated."
        ),
        "deliverables": [
            _("Training completion"),
            _("Cutover plan"),
            _("Support model"),
            _("Security validation"),
        ],
    },
    {
        "key": "hypercare",
        "name": _("Service levels stabilised"),
        "phase": _("Hypercare"),
        "primary_owner_role": Role.OPERATIONS_LEAD,
        "description": _(
            "Operations run at their service levels on Odoo, so the project can hand over "
            "to continuous improvement."
        ),
        "deliverables": [
            _("Issue triage"),
            _("KPI monitoring"),
            _("Stabilisation actions"),
        ],
    },
)


def _metric(key, title, metric, operator, threshold, owner, explanation, action, **extra):
    return {
        "key": key,
        "title": title,
        "kind": "metric",
        "metric_key": metric,
        "operator": operator,
        "threshold": threshold,
        "owner_role": owner,
        "explanation": explanation,
        "next_action": action,
        **extra,
    }


def _signoff(key, title, role, explanation, action, **extra):
    return {
        "key": key,
        "title": title,
        "kind": "signoff",
        "signoff_role": role,
        "owner_role": role,
        "explanation": explanation,
        "next_action": action,
        **extra,
    }


def _register(key, title, condition, owner, explanation, action, **extra):
    return {
        "key": key,
        "title": title,
        "kind": "register",
        "register_condition": condition,
        "owner_role": owner,
        "explanation": explanation,
        "next_action": action,
        **extra,
    }


def _freshness(key, owner, hours=24.0, **extra):
    return {
        "key": key,
        "title": _("Evidence is fresh"),
        "kind": "freshness",
        "max_age_hours": hours,
        "owner_role": owner,
        "explanation": _(
            "A gate decision must rest on what Odoo holds now, not on an old extract."
        ),
        "next_action": _("Run `caregate collect` against the target Odoo, then assess again."),
        **extra,
    }


ADVISORY = {"severity": "advisory"}

CRITERIA = {
    "design-authority": [
        _register(
            "workstreams-owned",
            _("Every workstream has a named process owner"),
            "workstreams_without_process_owner",
            Role.PMO,
            _(
                "Design decisions need a business owner per domain; a workstream without one "
                "ends up designed by IT alone."
            ),
            _("Name a process owner for each listed workstream."),
        ),
        _register(
            "gates-owned",
            _("Every gate has a named primary owner"),
            "gates_without_primary_owner",
            Role.PMO,
            _("A gate nobody owns is a gate nobody prepares."),
            _("Assign a primary owner to each listed gate."),
        ),
        _metric(
            "purchase-uom-consistent",
            _("Purchase units are in the same category as stock units"),
            "purchase_uom_category_mismatch",
            "<=",
            0,
            Role.DATA_STEWARD,
            _(
                "A purchase unit in another category than the stock unit makes receipts "
                "convert quantities wrongly."
            ),
            _("Correct the purchase unit of each listed product template."),
            **ADVISORY,
        ),
        _signoff(
            "architect-signoff",
            _("Solution architect approves the design"),
            Role.SOLUTION_ARCHITECT,
            _("The architect confirms configuration-first design and reviewed customizations."),
            _("Present the design to the solution architect for sign-off."),
        ),
        _signoff(
            "design-authority-signoff",
            _("Design authority board approves the design"),
            Role.DESIGN_AUTHORITY,
            _("Data-model changes, integrations, reports and automations are approved."),
            _("Put the design on the design authority board's agenda."),
        ),
    ],
    "migration-and-test": [
        _freshness("evidence-fresh", Role.DATA_LEAD),
        _metric(
            "critical-products-supplied",
            _("Every critical product has a vendor"),
            "critical_products_without_supplier",
            "<=",
            0,
            Role.DATA_STEWARD,
            _(
                "A critical supply without a vendor cannot be replenished automatically: the "
                "first sign of the gap is a stockout on a ward."
            ),
            _("Add a vendor price line (product.supplierinfo) to each listed product."),
        ),
        _metric(
            "reorder-rules-sane",
            _("No reorder rule has its minimum above its maximum"),
            "orderpoint_min_above_max",
            "<=",
            0,
            Role.DATA_STEWARD,
            _("Such a rule orders erratically or never; replenishment stops silently."),
            _("Correct the minimum and maximum of each listed reorder rule."),
        ),
        _metric(
            "partners-unique",
            _("Partner duplicates at most 1 %"),
            "duplicate_partners",
            "<=",
            1.0,
            Role.DATA_STEWARD,
            _("Duplicate vendors split spend, payments and audit trails."),
            _("Merge or archive the listed duplicate partners."),
            measure="rate",
        ),
        _metric(
            "no-negative-stock",
            _("No negative stock in internal locations"),
            "negative_quants",
            "<=",
            0,
            Role.DATA_STEWARD,
            _("Negative stock hides what is really on the shelf and breaks valuation."),
            _("Investigate and correct each listed quant before the next rehearsal."),
        ),
        _metric(
            "lots-match-products",
            _("No stock sits on another product's lot"),
            "quant_lot_of_other_product",
            "<=",
            0,
            Role.DATA_STEWARD,
            _("A lot on the wrong product breaks recall and expiry tracking."),
            _("Re-assign the listed quants to lots of their own product."),
        ),
        _metric(
            "po-confirmation-dated",
            _("Confirmed purchase orders carry a confirmation date"),
            "confirmed_po_without_confirmation_date",
            "<=",
            0,
            Role.PROCESS_OWNER,
            _("Without it, cycle times and supplier performance cannot be measured."),
            _("Fix the migration mapping that loads confirmed orders."),
            **ADVISORY,
        ),
        _signoff(
            "pmo-signoff",
            _("PMO signs off the migration and test results"),
            Role.PMO,
            _("The PMO confirms rehearsal and test evidence is complete."),
            _("Review rehearsal and test results with the PMO."),
        ),
    ],
    "go-live": [
        _freshness("evidence-fresh", Role.CUTOVER_MANAGER),
        _metric(
            "no-mixed-access",
            _("No user holds internal and portal access at once"),
            "users_internal_and_portal",
            "<=",
            0,
            Role.SECURITY_OFFICER,
            _("A user with both is outside every role model; least privilege is broken."),
            _("Remove one of the two user types from each listed user."),
        ),
        _metric(
            "few-access-admins",
            _("At most two access-rights administrators"),
            "access_rights_admins",
            "<=",
            2,
            Role.SECURITY_OFFICER,
            _(
                "The access-rights group can grant itself anything: it is full administration "
                "in practice and must stay with a named few."
            ),
            _("Withdraw the access-rights group from all but a primary and a deputy."),
        ),
        _metric(
            "no-leaver-access",
            _("No leaver keeps access"),
            "access_incident_count",
            "<=",
            0,
            Role.SECURITY_OFFICER,
            _("An account of someone who left is an open door to patient-adjacent data."),
            _("Archive the listed users."),
        ),
        _signoff(
            "security-signoff",
            _("Security officer validates access"),
            Role.SECURITY_OFFICER,
            _("Role-based access and segregation of duties are validated."),
            _("Run the access review with the security officer."),
        ),
        _signoff(
            "sponsor-signoff",
            _("Programme sponsor approves go-live"),
            Role.SPONSOR,
            _("The steering committee decides go-live on evidence, not calendar pressure."),
            _("Table the go-live decision at the steering committee."),
        ),
    ],
    "hypercare": [
        _freshness("evidence-fresh", Role.HYPERCARE_LEAD),
        _metric(
            "po-cycle-time",
            _("Purchase-order cycle time at most 5 days"),
            "po_cycle_time_days",
            "<=",
            5,
            Role.OPERATIONS_LEAD,
            _("Slow orders turn into shortages of supplies wards depend on."),
            _("Review approval steps and vendor lead times on the listed orders."),
        ),
        _metric(
            "receiving-backlog",
            _("Receiving backlog at most 10 overdue receipts"),
            "receiving_backlog",
            "<=",
            10,
            Role.OPERATIONS_LEAD,
            _("Goods on the dock are not on the shelf."),
            _("Clear the listed overdue receipts."),
        ),
        _metric(
            "stock-accuracy",
            _("Stock accuracy at least 98 %"),
            "stock_accuracy_pct",
            ">=",
            98,
            Role.OPERATIONS_LEAD,
            _("Inaccurate stock makes replenishment and expiry control unreliable."),
            _("Recount the listed locations and find the cause of each difference."),
        ),
        _metric(
            "invoice-exceptions",
            _("Vendor-bill exceptions at most 25"),
            "invoice_exception_count",
            "<=",
            25,
            Role.OPERATIONS_LEAD,
            _("Blocked bills delay supplier payments and the period close."),
            _("Work the listed vendor bills to resolution."),
        ),
        _metric(
            "maintenance-completion",
            _("Maintenance completion at least 90 %"),
            "maintenance_completion_pct",
            ">=",
            90,
            Role.SUPPORT_MANAGER,
            _("Late maintenance on biomedical equipment takes it out of clinical use."),
            _("Schedule the listed overdue maintenance requests."),
        ),
        _metric(
            "support-response",
            _("Support first response within 8 hours"),
            "support_response_hours",
            "<=",
            8,
            Role.SUPPORT_MANAGER,
            _("Slow support during hypercare turns small issues into workarounds."),
            _("Triage the support queue daily."),
            **ADVISORY,
        ),
        _signoff(
            "operations-signoff",
            _("Operations lead confirms stabilisation"),
            Role.OPERATIONS_LEAD,
            _("Operations confirm service levels hold without project support."),
            _("Review the KPI trend with the operations lead."),
        ),
    ],
}


def add_default_criteria(gate_key: str, criteria: list[dict]) -> None:
    """Let a register app contribute default criteria to a gate (call from AppConfig.ready).

    The criteria join the method's defaults for programmes created afterwards;
    adding the same key twice is ignored, so ready() may run more than once.
    """
    existing = {criterion["key"] for criterion in CRITERIA[gate_key]}
    CRITERIA[gate_key].extend(spec for spec in criteria if spec["key"] not in existing)
