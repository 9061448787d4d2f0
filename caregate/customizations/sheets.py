"""The "customizations" register as a spreadsheet: one row per customization, by Reference.

Gaps served are written as their references separated by commas
("GAP-0001, GAP-0002"); an unknown reference is a problem of that row and
column, and the file is refused. Design-authority approval is not a column: it
is a board decision, recorded in Caregate with a signature, never imported.
Importing never deletes customizations missing from the file.

Registered from CustomizationsConfig.ready().
"""

from __future__ import annotations

import re

from caregate.customizations.models import (
    Customization,
    CustomizationKind,
    CustomizationStatus,
    Justification,
    ReviewOutcome,
    UpgradeImpact,
)
from caregate.spreadsheets.problems import ImportRejected, Problem
from caregate.spreadsheets.schema import (
    Batch,
    Column,
    SheetSchema,
    choices_from,
    register_schema,
    touch_updated_at,
)

GAPS_HEADING = "Gaps served"
#: Where the engine's row number travels to apply() (the schema's check() sets it).
ROW_NUMBER = "_row_number"

SHEET_FIELDS = (
    "reference",
    "title",
    "kind",
    "description",
    "workstream",
    "justification",
    "justification_text",
    "business_owner",
    "architecture_reviewer",
    "architecture_outcome",
    "architecture_reviewed_on",
    "test_case_count",
    "upgrade_impact",
    "upgrade_versions",
    "security_reviewer",
    "security_outcome",
    "security_reviewed_on",
    "status",
)

REVIEW_CHOICES = choices_from(
    ReviewOutcome,
    synonyms={
        ReviewOutcome.APPROVED: ("OK", "Passed", "Pass"),
        ReviewOutcome.APPROVED_WITH_CONDITIONS: ("Conditional", "Approved with remarks"),
        ReviewOutcome.CHANGES_REQUESTED: ("Rework", "Changes required"),
    },
)

COLUMNS = (
    Column("Reference", "reference", "text", required=True, help="Stable key, e.g. CUS-0007."),
    Column("Title", "title", "text", required=True, width=40),
    Column(
        "Kind",
        "kind",
        "choice",
        required=True,
        choices=choices_from(
            CustomizationKind,
            synonyms={
                CustomizationKind.APPROVAL_LOGIC: ("Approval", "Workflow"),
                CustomizationKind.INTEGRATION: ("Interface",),
                CustomizationKind.DATA_MODEL: ("Data-model change", "Field", "Fields"),
            },
        ),
        width=18,
    ),
    Column("Description", "description", "text", width=50),
    Column("Workstream", "workstream", "workstream", width=28),
    Column(
        GAPS_HEADING,
        "gaps",
        "text",
        width=24,
        help="Gap references separated by commas, e.g. GAP-0001, GAP-0002.",
    ),
    Column(
        "Justification",
        "justification",
        "choice",
        choices=choices_from(Justification, synonyms={Justification.COMPLIANCE: ("Regulatory",)}),
        help="Differentiation or Compliance.",
    ),
    Column("Justification text", "justification_text", "text", width=50),
    Column("Business owner", "business_owner", "person", width=24),
    Column("Architecture reviewer", "architecture_reviewer", "person", width=24),
    Column("Architecture outcome", "architecture_outcome", "choice", choices=REVIEW_CHOICES),
    Column("Architecture reviewed on", "architecture_reviewed_on", "date"),
    Column("Test cases", "test_case_count", "integer", help="How many test cases cover it."),
    Column(
        "Upgrade impact",
        "upgrade_impact",
        "choice",
        choices=choices_from(UpgradeImpact, synonyms={UpgradeImpact.NONE: ("No", "N/A")}),
        help="None, Low or High.",
    ),
    Column("Odoo versions", "upgrade_versions", "text", help="e.g. 17.0, 18.0"),
    Column("Security reviewer", "security_reviewer", "person", width=24),
    Column("Security outcome", "security_outcome", "choice", choices=REVIEW_CHOICES),
    Column("Security reviewed on", "security_reviewed_on", "date"),
    Column(
        "Status",
        "status",
        "choice",
        choices=choices_from(
            CustomizationStatus,
            synonyms={
                CustomizationStatus.IN_REVIEW: ("Review", "Under review"),
                CustomizationStatus.IN_BUILD: ("Build", "In development", "Building"),
                CustomizationStatus.BUILT: ("Done", "Live"),
            },
        ),
        help="Blank means Proposed.",
    ),
)


def split_references(text: str | None) -> list[str]:
    """'GAP-0001, gap-0002; GAP-0003' -> ['GAP-0001', 'GAP-0002', 'GAP-0003'] (upper case)."""
    return [part.strip().upper() for part in re.split(r"[,;\n]+", text or "") if part.strip()]


def customization_rows(programme):
    """Export rows: every customization by reference, its gaps as references."""
    rows = (
        Customization.objects.filter(programme=programme)
        .select_related(
            "workstream", "business_owner", "architecture_reviewer", "security_reviewer"
        )
        .prefetch_related("gaps")
        .order_by("reference", "id")
    )
    for customization in rows:
        row = {name: getattr(customization, name) for name in SHEET_FIELDS}
        row["gaps"] = ", ".join(sorted(gap.reference for gap in customization.gaps.all()))
        yield row


def stored_customizations(programme, batch: Batch) -> dict[tuple, Customization]:
    """Every customization by reference; the programme's gaps by reference for apply()."""
    from caregate.gaps.models import Gap

    batch.state["gaps"] = {
        gap.reference.upper(): gap for gap in Gap.objects.filter(programme=programme)
    }
    batch.state["gap_sets"] = {}
    batch.state["problems"] = []
    rows = Customization.objects.filter(programme=programme).prefetch_related("gaps")
    return {CUSTOMIZATIONS.key_of({"reference": each.reference}): each for each in rows}


def apply_customization_row(programme, values: dict, existing, batch: Batch):
    """Copy a row onto the stored customization (or a new one); gaps are set in write()."""
    customization = existing or Customization(programme=programme)
    values = dict(values)
    if "status" in values and not values["status"]:
        values["status"] = CustomizationStatus.PROPOSED
    changes: dict[str, tuple] = {}
    for name in SHEET_FIELDS:
        if name not in values or (name == "reference" and existing is not None):
            continue  # a column left out of the file keeps what is stored
        value = values[name]
        if getattr(customization, name) != value:
            changes[name] = (getattr(customization, name), value)
            setattr(customization, name, value)

    wanted, unknown = [], []
    if "gaps" not in values:
        return customization, changes
    for reference in split_references(values.get("gaps")):
        gap = batch.state["gaps"].get(reference)
        (wanted if gap else unknown).append(gap or reference)
    if unknown:
        batch.state["problems"].append(
            (values.get(ROW_NUMBER), f"no gap {', '.join(unknown)} in this programme")
        )
    old = sorted(gap.reference for gap in customization.gaps.all()) if existing else []
    new = sorted({gap.reference for gap in wanted})
    if old != new:
        changes["gaps"] = (old, new)
        batch.state["gap_sets"][id(customization)] = (customization, wanted)
    return customization, changes


def write_customizations(batch: Batch, created: list, updated: list) -> None:
    """Refuse the file if a gap reference was unknown; else save, then set the gaps."""
    if batch.state["problems"]:
        # TODO: SheetSchema.check() cannot see the programme, so gap references are
        # resolved in apply() and reported here; the file name is not known at this point.
        raise ImportRejected(
            [
                Problem("the file", message, CUSTOMIZATIONS.sheet_name, row, GAPS_HEADING)
                for row, message in batch.state["problems"]
            ]
        )
    Customization.objects.bulk_create(created, batch_size=1000)
    if updated:
        fields = sorted({name for _each, changes in updated for name in changes} - {"gaps"})
        instances = [each for each, _changes in updated]
        if fields:
            touch_updated_at(Customization, instances, fields)
            Customization.objects.bulk_update(instances, fields, batch_size=1000)
    through = Customization.gaps.through
    changed = list(batch.state["gap_sets"].values())
    through.objects.filter(customization_id__in=[each.pk for each, _gaps in changed]).delete()
    through.objects.bulk_create(
        [
            through(customization_id=each.pk, gap_id=gap.pk)
            for each, gaps in changed
            for gap in {gap.pk: gap for gap in gaps}.values()
        ],
        batch_size=1000,
    )


def check_customizations(rows: list) -> list[tuple[int, str | None, str]]:
    """Pass each row's number on to apply() (for gap problems); references look like CUS-n."""
    problems = []
    for row in rows:
        row.values[ROW_NUMBER] = row.number
        reference = row.values.get("reference") or ""
        if " " in reference.strip():
            problems.append((row.number, "Reference", "a reference has no spaces"))
    return problems


CUSTOMIZATIONS = register_schema(
    SheetSchema(
        key="customizations",
        title="Customizations",
        sheet_name="Customizations",
        model=Customization,
        key_columns=("reference",),
        columns=COLUMNS,
        rows=customization_rows,
        apply=apply_customization_row,
        stored=stored_customizations,
        write=write_customizations,
        check=check_customizations,
        description="Custom code on top of Odoo, one row per customization.",
    )
)
