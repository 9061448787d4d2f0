"""Business rules of the gap register: validation, audited changes, references and priority.

Who may own a gap
-----------------
The issue asks for "a named owner (a process owner, not IT)". A gap's owner must hold a
*business* role in the programme: process owner, programme sponsor or steering committee
member (:data:`BUSINESS_OWNER_ROLES`). Process owner is the normal case; the sponsor and
steering committee are accepted because a cross-workstream gap (e.g. a group-wide policy)
is legitimately owned at that level. Technical roles (solution architect, design
authority, data lead, test lead …) are refused. The owner may stay blank while a gap is
being written up; the design-authority gate then flags it if the gap is critical or high.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from caregate.audit.services import audited_create, audited_update, field_values, record
from caregate.gaps.models import Gap, GapStatus
from caregate.gaps.priority import SETTINGS_KEY, set_priority, weights_from_settings
from caregate.programmes.models import Programme, Role, RoleAssignment

logger = logging.getLogger(__name__)

BUSINESS_OWNER_ROLES = (Role.PROCESS_OWNER, Role.SPONSOR, Role.STEERING_COMMITTEE)

#: Statuses that only make sense once the programme has chosen how to close the gap.
STATUSES_NEEDING_PATH = (GapStatus.RESOLUTION_AGREED, GapStatus.RESOLVED)

REFERENCE_PREFIX = "GAP-"
_REFERENCE_NUMBER = re.compile(r"^GAP-(\d+)$", re.IGNORECASE)

#: Fields a person edits; the priority is derived and the programme fixed.
EDITABLE_FIELDS = (
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


class GapInvalid(ValueError):
    """A gap breaks a rule; ``errors`` maps each field (or None) to its message."""

    def __init__(self, errors: dict[str | None, str]):
        self.errors = errors
        super().__init__("; ".join(f"{field or 'gap'}: {text}" for field, text in errors.items()))


def business_owner_ids(person_ids: Iterable[int]) -> set[int]:
    """Which of these people hold a business role (one query)."""
    ids = {pk for pk in person_ids if pk is not None}
    if not ids:
        return set()
    return set(
        RoleAssignment.objects.filter(person_id__in=ids, role__in=BUSINESS_OWNER_ROLES)
        .values_list("person_id", flat=True)
        .distinct()
    )


def rule_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """Rules on one gap's values that need no database: {field: message}.

    ``values`` holds model field names (``status``, ``resolution_path``, ``raised_on``,
    ``due_date``); shared by the forms, the services and the spreadsheet import.
    """
    problems: dict[str, str] = {}
    if values.get("status") in STATUSES_NEEDING_PATH and not values.get("resolution_path"):
        problems["resolution_path"] = _(
            "A gap whose resolution is agreed or done needs a resolution path."
        )
    raised_on, due_date = values.get("raised_on"), values.get("due_date")
    if raised_on and due_date and due_date < raised_on:
        problems["due_date"] = _("The due date is before the date the gap was raised.")
    return problems


def owner_problem() -> str:
    return _("The owner must hold a business role (process owner, sponsor or steering committee).")


def validate_gap(gap: Gap) -> None:
    """Raise GapInvalid when the gap breaks a rule of the register."""
    errors: dict[str | None, str] = dict(rule_problems(field_values_of(gap)))
    programme_id = gap.programme_id
    for name in ("workstream", "owner", "target_gate"):
        related = getattr(gap, name)
        if related is not None and related.programme_id != programme_id:
            errors[name] = _("This belongs to another programme.")
    if (
        gap.owner_id is not None
        and "owner" not in errors
        and gap.owner_id not in business_owner_ids([gap.owner_id])
    ):
        errors["owner"] = owner_problem()
    clash = Gap.objects.filter(programme_id=programme_id, reference__iexact=gap.reference)
    if gap.pk is not None:
        clash = clash.exclude(pk=gap.pk)
    if clash.exists():
        errors["reference"] = _("Another gap of this programme has this reference.")
    if errors:
        raise GapInvalid(errors)


def field_values_of(gap: Gap) -> dict[str, Any]:
    return {
        "status": gap.status,
        "resolution_path": gap.resolution_path,
        "raised_on": gap.raised_on,
        "due_date": gap.due_date,
    }


def next_reference(programme: Programme) -> str:
    """The next free GAP-NNNN of the programme (one more than the highest number used)."""
    highest = 0
    for reference in Gap.objects.filter(
        programme=programme, reference__istartswith=REFERENCE_PREFIX
    ).values_list("reference", flat=True):
        match = _REFERENCE_NUMBER.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{REFERENCE_PREFIX}{highest + 1:04d}"


@transaction.atomic
def create_gap(programme: Programme, actor, reason: str = "", **fields) -> Gap:
    """Create a gap (reference GAP-NNNN when none is given), validated and audited."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable gap fields: {sorted(unknown)}")
    gap = Gap(programme=programme, **fields)
    if not gap.reference:
        gap.reference = next_reference(programme)
    validate_gap(gap)
    set_priority(gap, weights_from_settings(programme.evidence_settings))
    audited_create(gap, actor, reason)
    logger.info("gap %s created in %s", gap.reference, programme.key)
    return gap


@transaction.atomic
def update_gap(gap: Gap, actor, reason: str = "", **fields) -> Gap:
    """Change a gap's fields; validated, priority recomputed, audited (no entry if unchanged)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable gap fields: {sorted(unknown)}")
    before = field_values(gap)
    for name, value in fields.items():
        setattr(gap, name, value)
    validate_gap(gap)
    set_priority(gap, weights_from_settings(gap.programme.evidence_settings))
    if audited_update(gap, actor, before, reason) is not None:
        logger.info("gap %s updated in %s", gap.reference, gap.programme.key)
    return gap


def recompute_priorities(programme: Programme) -> int:
    """Store every gap's priority for the programme's current weights; return how many changed.

    Reads the ratings of all gaps in one query and writes only the changed rows in bulk.
    """
    weights = weights_from_settings(programme.evidence_settings)
    gaps = list(
        Gap.objects.filter(programme=programme).only(
            "id",
            "criticality",
            "compliance_impact",
            "workaround",
            "priority_score",
            "priority_band",
        )
    )
    changed = [gap for gap in gaps if set_priority(gap, weights)]
    Gap.objects.bulk_update(changed, ["priority_score", "priority_band"], batch_size=1000)
    logger.info("gap priorities of %s: %d of %d changed", programme.key, len(changed), len(gaps))
    return len(changed)


@transaction.atomic
def set_priority_weights(
    programme: Programme, weights: Mapping[str, float], actor, reason: str = ""
) -> int:
    """Store new priority weights for the programme (audited) and recompute every gap.

    Returns how many gaps changed priority. Raises ValueError for unknown names or
    values that are negative, not numbers, or all zero.
    """
    cleaned = {}
    for name, value in weights.items():
        if name not in ("criticality", "compliance", "workaround"):
            raise ValueError(f"unknown gap priority weight {name!r}")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ValueError(f"gap priority weight {name} must be a number >= 0, not {value!r}")
        cleaned[name] = value
    if cleaned and not any(cleaned.values()):
        raise ValueError("gap priority weights cannot all be zero")
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    settings = dict(programme.evidence_settings or {})
    old = settings.get(SETTINGS_KEY)
    settings[SETTINGS_KEY] = cleaned
    programme.evidence_settings = settings
    programme.save(update_fields=["evidence_settings", "updated_at"])
    record(
        actor,
        "update",
        programme,
        changes={f"evidence_settings.{SETTINGS_KEY}": [old, cleaned]},
        reason=reason or "gap priority weights changed",
    )
    return recompute_priorities(programme)
