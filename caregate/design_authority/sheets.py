"""The "change-requests" register as a spreadsheet: one row per request, by Reference.

The three scores are whole numbers from 1 to 5; the combined score is not a
column — it is computed (caregate.design_authority.services.combined_score).
Decisions are not imported: a board member signs them in Caregate. A blank
Status means Submitted. Importing never deletes requests missing from the file.

Registered from DesignAuthorityConfig.ready().
"""

from __future__ import annotations

from caregate.design_authority.models import ChangeKind, ChangeRequest, ChangeStatus
from caregate.design_authority.services import SCORED_FIELDS, combined_score
from caregate.spreadsheets.schema import Batch, Column, SheetSchema, choices_from, register_schema

SHEET_FIELDS = (
    "reference",
    "title",
    "kind",
    "description",
    "workstream",
    "requested_by",
    "submitted_on",
    "business_value",
    "compliance_impact",
    "maintainability",
    "status",
)

SCORE_HEADINGS = {
    "business_value": "Business value",
    "compliance_impact": "Compliance impact",
    "maintainability": "Maintainability",
}

COLUMNS = (
    Column("Reference", "reference", "text", required=True, help="Stable key, e.g. CR-0012."),
    Column("Title", "title", "text", required=True, width=40),
    Column(
        "Kind",
        "kind",
        "choice",
        required=True,
        choices=choices_from(
            ChangeKind,
            synonyms={
                ChangeKind.DATA_MODEL: ("Data model", "Data-model", "Field"),
                ChangeKind.INTEGRATION: ("Interface",),
                ChangeKind.AUTOMATION: ("Automated action", "Workflow"),
            },
        ),
        width=20,
    ),
    Column("Description", "description", "text", width=50),
    Column("Workstream", "workstream", "workstream", width=28),
    Column("Requested by", "requested_by", "person", width=24),
    Column("Submitted on", "submitted_on", "date", required=True),
    Column("Business value", "business_value", "integer", required=True, help="1 (little) to 5."),
    Column(
        "Compliance impact",
        "compliance_impact",
        "integer",
        required=True,
        help="1 (none) to 5 (legal or regulatory obligation).",
    ),
    Column(
        "Maintainability",
        "maintainability",
        "integer",
        required=True,
        help="1 (hard to keep through upgrades) to 5 (easy).",
    ),
    Column(
        "Status",
        "status",
        "choice",
        choices=choices_from(
            ChangeStatus,
            synonyms={ChangeStatus.SUBMITTED: ("Open", "New"), ChangeStatus.DEFERRED: ("On hold",)},
        ),
        help="Blank means Submitted.",
    ),
)


def change_request_rows(programme):
    """Export rows: every change request by reference."""
    rows = (
        ChangeRequest.objects.filter(programme=programme)
        .select_related("workstream", "requested_by")
        .order_by("reference", "id")
    )
    for request in rows:
        yield {name: getattr(request, name) for name in SHEET_FIELDS}


def stored_change_requests(programme, batch: Batch) -> dict[tuple, ChangeRequest]:
    rows = ChangeRequest.objects.filter(programme=programme)
    return {CHANGE_REQUESTS.key_of({"reference": each.reference}): each for each in rows}


def apply_change_request_row(programme, values: dict, existing, batch: Batch):
    """Copy a row onto the stored request (or a new one) and re-compute its score."""
    request = existing or ChangeRequest(programme=programme)
    values = dict(values)
    if "status" in values and not values["status"]:
        values["status"] = ChangeStatus.SUBMITTED
    values["score"] = combined_score(*(values[name] for name in SCORED_FIELDS))
    changes: dict[str, tuple] = {}
    for name in (*SHEET_FIELDS, "score"):
        if name not in values or (name == "reference" and existing is not None):
            continue  # a column left out of the file keeps what is stored
        if getattr(request, name) != values[name]:
            changes[name] = (getattr(request, name), values[name])
            setattr(request, name, values[name])
    return request, changes


def check_change_requests(rows: list) -> list[tuple[int, str | None, str]]:
    """Each score is a whole number from 1 to 5."""
    problems = []
    for row in rows:
        for name, heading in SCORE_HEADINGS.items():
            value = row.values.get(name)
            if value is not None and not 1 <= value <= 5:
                problems.append((row.number, heading, f"{value} is outside 1 to 5"))
    return problems


CHANGE_REQUESTS = register_schema(
    SheetSchema(
        key="change-requests",
        title="Change requests",
        sheet_name="Change requests",
        model=ChangeRequest,
        key_columns=("reference",),
        columns=COLUMNS,
        rows=change_request_rows,
        apply=apply_change_request_row,
        stored=stored_change_requests,
        check=check_change_requests,
        description="Requests to the design authority, one row per request, with their scores.",
    )
)
