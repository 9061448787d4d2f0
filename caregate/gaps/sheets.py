"""The "gaps" register as a spreadsheet: one row per gap, keyed by its Reference.

Headings are the ones a PMO's fit-gap sheet uses (Reference, Workstream, Process
area, Title, Description, Business criticality, Compliance impact, Workaround
feasibility, Owner, Resolution path, Status, Target gate, Raised on, Due date).
Blank Status means Open; blank Resolution path means "not decided yet". The
Target gate is one of the method's four gates, by name or key. Priority is not a
column: it is derived (caregate.gaps.priority) and recomputed on every import
with the programme's weights. Importing never deletes gaps missing from the file.

Rows are checked with the register's rules (caregate.gaps.services): the owner
holds a business role, agreed or resolved gaps have a resolution path, a due date
is not before the date raised.

Registered from GapsConfig.ready().
"""

from __future__ import annotations

from caregate.gaps.models import (
    ComplianceImpact,
    Criticality,
    Gap,
    GapStatus,
    ResolutionPath,
    WorkaroundFeasibility,
)
from caregate.gaps.priority import set_priority, weights_from_settings
from caregate.gaps.services import (
    BUSINESS_OWNER_ROLES,
    business_owner_ids,
    owner_problem,
    rule_problems,
)
from caregate.gates.defaults import GATES
from caregate.gates.models import Gate
from caregate.spreadsheets.schema import (
    Batch,
    Choice,
    Column,
    SheetSchema,
    choices_from,
    register_schema,
)

GATE_CHOICES = tuple(Choice(spec["key"], spec["name"], (spec["key"],)) for spec in GATES)

#: Model fields the sheet writes (lookups and choices already converted by the engine).
SHEET_FIELDS = (
    "reference",
    "workstream",
    "process_area",
    "title",
    "description",
    "criticality",
    "compliance_impact",
    "workaround",
    "owner",
    "resolution_path",
    "status",
    "target_gate",
    "raised_on",
    "due_date",
)

COLUMNS = (
    Column("Reference", "reference", "text", required=True, help="Stable key, e.g. GAP-0042."),
    Column(
        "Workstream",
        "workstream",
        "workstream",
        required=True,
        width=30,
        help="The workstream (its key or name).",
    ),
    Column(
        "Process area", "process_area", "text", width=28, help="The business process concerned."
    ),
    Column("Title", "title", "text", required=True, width=40, help="The gap in a few words."),
    Column(
        "Description",
        "description",
        "text",
        width=60,
        help="What the business needs and what standard Odoo does instead.",
    ),
    Column(
        "Business criticality",
        "criticality",
        "choice",
        required=True,
        choices=choices_from(
            Criticality,
            synonyms={
                Criticality.MEDIUM: ("Med", "Moderate"),
                Criticality.CRITICAL: ("Very high",),
            },
        ),
        help="Critical, High, Medium or Low.",
    ),
    Column(
        "Compliance impact",
        "compliance_impact",
        "choice",
        required=True,
        choices=choices_from(
            ComplianceImpact,
            synonyms={
                ComplianceImpact.NONE: ("No", "N/A", "n.a."),
                ComplianceImpact.MEDIUM: ("Med", "Moderate"),
                ComplianceImpact.REGULATORY: ("Regulated", "Legal"),
            },
        ),
        help="None, Low, Medium, High or Regulatory.",
    ),
    Column(
        "Workaround feasibility",
        "workaround",
        "choice",
        required=True,
        choices=choices_from(
            WorkaroundFeasibility,
            synonyms={
                WorkaroundFeasibility.NONE: ("None", "No"),
                WorkaroundFeasibility.MANUAL: ("Manual",),
            },
        ),
        width=24,
        help="No workaround, Difficult, Manual workaround or Easy.",
    ),
    Column(
        "Owner",
        "owner",
        "person",
        width=24,
        help="Business owner (process owner, sponsor or steering committee member).",
    ),
    Column(
        "Resolution path",
        "resolution_path",
        "choice",
        choices=choices_from(
            ResolutionPath,
            synonyms={
                ResolutionPath.STANDARD_CONFIGURATION: (
                    "Standard",
                    "Configuration",
                    "Standard config",
                    "Configure",
                ),
                ResolutionPath.PROCESS_REDESIGN: ("Redesign", "Process change"),
                ResolutionPath.CUSTOMIZATION: (
                    "Customisation",
                    "Custom",
                    "Custom development",
                    "Development",
                ),
                ResolutionPath.DEFERRED: ("Defer", "Later"),
            },
        ),
        width=24,
        help="Blank until decided.",
    ),
    Column(
        "Status",
        "status",
        "choice",
        choices=choices_from(
            GapStatus,
            synonyms={
                GapStatus.ANALYSING: ("Analyzing", "In analysis", "Under analysis"),
                GapStatus.RESOLUTION_AGREED: ("Agreed",),
                GapStatus.RESOLVED: ("Done",),
            },
        ),
        width=18,
        help="Blank means Open.",
    ),
    Column(
        "Target gate",
        "target_gate",
        "choice",
        choices=GATE_CHOICES,
        width=30,
        help="The gate by which the gap must be resolved.",
    ),
    Column("Raised on", "raised_on", "date", help="Date the gap was raised."),
    Column("Due date", "due_date", "date", help="Date the gap must be resolved by."),
)


def gap_rows(programme):
    """Export rows: every gap by reference, with its workstream, owner and gate."""
    gaps = (
        Gap.objects.filter(programme=programme)
        .select_related("workstream", "owner", "target_gate")
        .order_by("reference", "id")
    )
    for gap in gaps:
        row = {name: getattr(gap, name) for name in SHEET_FIELDS}
        row["target_gate"] = gap.target_gate.key if gap.target_gate else ""
        yield row


def stored_gaps(programme, batch: Batch) -> dict[tuple, Gap]:
    """Every gap of the programme by reference; the gates and priority weights for apply()."""
    batch.state["gates"] = {gate.key: gate for gate in Gate.objects.filter(programme=programme)}
    batch.state["weights"] = weights_from_settings(programme.evidence_settings)
    return {
        GAPS.key_of({"reference": gap.reference}): gap
        for gap in Gap.objects.filter(programme=programme)
    }


def apply_gap_row(programme, values: dict, existing: Gap | None, batch: Batch):
    """Copy one row onto its gap (or a new one); return it and {field: (old, new)}."""
    gap = existing if existing is not None else Gap(programme=programme)
    wanted = dict(values)
    wanted["status"] = values.get("status") or GapStatus.OPEN
    gate_key = values.get("target_gate")
    if gate_key and gate_key not in batch.state["gates"]:
        # The programme lacks one of the method's gates: nothing sensible to link to.
        raise ValueError(f"programme {programme.key} has no gate {gate_key!r}")
    wanted["target_gate"] = batch.state["gates"].get(gate_key) if gate_key else None
    changes: dict[str, tuple] = {}
    for name in SHEET_FIELDS:
        if name not in wanted:
            continue
        new = wanted[name]
        if name in ("workstream", "owner", "target_gate"):
            old_id = getattr(gap, f"{name}_id")
            if old_id != (new.pk if new is not None else None) or existing is None:
                changes[name] = (old_id, new.pk if new is not None else None)
                setattr(gap, name, new)
            continue
        old = getattr(gap, name)
        if old != new or existing is None:
            changes[name] = (old, new)
            setattr(gap, name, new)
    old_priority = (gap.priority_score, gap.priority_band)
    if set_priority(gap, batch.state["weights"]) and existing is not None:
        changes["priority_score"] = (old_priority[0], gap.priority_score)
        changes["priority_band"] = (old_priority[1], gap.priority_band)
    return gap, changes


def check_gaps(rows: list) -> list[tuple[int, str | None, str]]:
    """The register's rules on each row: business owner, resolution path, due date."""
    headings = {"resolution_path": "Resolution path", "due_date": "Due date"}
    owner_ids = {row.values["owner"].pk for row in rows if row.values.get("owner") is not None}
    business = business_owner_ids(owner_ids)
    problems = []
    for row in rows:
        values = dict(row.values)
        values["status"] = values.get("status") or GapStatus.OPEN
        for name, message in rule_problems(values).items():
            problems.append((row.number, headings[name], message))
        owner = values.get("owner")
        if owner is not None and owner.pk not in business:
            problems.append((row.number, "Owner", f"{owner.name}: {owner_problem()}"))
    return problems


GAPS = register_schema(
    SheetSchema(
        key="gaps",
        title="Gap register",
        sheet_name="Gaps",
        model=Gap,
        key_columns=("reference",),
        columns=COLUMNS,
        rows=gap_rows,
        apply=apply_gap_row,
        stored=stored_gaps,
        check=check_gaps,
        description="Fit-gap findings: where standard Odoo does not meet the need, and the plan.",
    )
)

__all__ = ["BUSINESS_OWNER_ROLES", "GAPS"]
