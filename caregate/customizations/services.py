"""Customization rules: when a customization counts as fully approved, and changing one.

A customization is fully approved only when every item of REQUIREMENTS is
present: at least one gap it serves, a justification (differentiation or
compliance) with its text, a business owner, a favourable architecture review
(reviewer, outcome approved or approved with conditions, date), at least one
test case, an upgrade impact with the Odoo versions it was assessed for, a
favourable security review (reviewer, outcome, date), and — last — the design
authority's approval: the latest design-authority decision on it is "approve".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from caregate.audit.models import AuditEntry
from caregate.audit.services import field_values, record
from caregate.customizations.models import (
    BUILD_STATUSES,
    FAVOURABLE_OUTCOMES,
    Customization,
    CustomizationStatus,
)
from caregate.decisions.references import next_reference
from caregate.programmes.models import Programme

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "CUS"

#: Fields a form or import may set (gaps are set separately: they are many-to-many).
EDITABLE_FIELDS = (
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


class CustomizationRefused(Exception):
    """A change the register does not allow; nothing was stored."""


@dataclass(frozen=True)
class Requirement:
    """One thing a customization needs before it counts as fully approved."""

    key: str
    label: Any


REQUIREMENTS = (
    Requirement("gaps", _("the gaps it serves")),
    Requirement("justification", _("a justification (differentiation or compliance) in words")),
    Requirement("business_owner", _("a named business owner")),
    Requirement("architecture_review", _("a favourable architecture review, with date")),
    Requirement("test_cases", _("at least one test case")),
    Requirement("upgrade_impact", _("the upgrade impact and the Odoo versions assessed")),
    Requirement("security_review", _("a favourable security review, with date")),
    Requirement("design_authority", _("the design authority's approval")),
)


@dataclass(frozen=True)
class ApprovalCheck:
    """What a customization has and lacks for full approval."""

    customization: Customization
    missing: tuple[Requirement, ...]

    @property
    def is_fully_approved(self) -> bool:
        return not self.missing


def with_approval_facts(queryset: QuerySet) -> QuerySet:
    """Annotate ``gap_count`` and ``da_outcome`` (latest design-authority decision) in SQL.

    The page lists and the gate condition use it so that checking many
    customizations costs one query, not one per customization.
    """
    from caregate.design_authority.models import Decision

    latest = Decision.objects.filter(customization=OuterRef("pk")).order_by("-decided_at", "-id")
    return queryset.annotate(
        gap_count=Count("gaps", distinct=True),
        da_outcome=Subquery(latest.values("outcome")[:1]),
    )


def _facts(customization: Customization) -> tuple[int, str | None]:
    """Gap count and latest decision outcome: from annotations when present, else queried."""
    if hasattr(customization, "gap_count") and hasattr(customization, "da_outcome"):
        return customization.gap_count, customization.da_outcome
    latest = customization.decisions.order_by("-decided_at", "-id").first()
    return customization.gaps.count(), latest.outcome if latest else None


def _review_done(reviewer_id, outcome: str, reviewed_on) -> bool:
    return bool(reviewer_id and outcome in FAVOURABLE_OUTCOMES and reviewed_on)


def approval_check(customization: Customization) -> ApprovalCheck:
    """Which REQUIREMENTS the customization still misses (none: fully approved)."""
    from caregate.design_authority.models import DecisionOutcome

    gap_count, da_outcome = _facts(customization)
    c = customization
    present = {
        "gaps": gap_count > 0,
        "justification": bool(c.justification and c.justification_text.strip()),
        "business_owner": c.business_owner_id is not None,
        "architecture_review": _review_done(
            c.architecture_reviewer_id, c.architecture_outcome, c.architecture_reviewed_on
        ),
        "test_cases": (c.test_case_count or 0) > 0,
        "upgrade_impact": bool(c.upgrade_impact and c.upgrade_versions.strip()),
        "security_review": _review_done(
            c.security_reviewer_id, c.security_outcome, c.security_reviewed_on
        ),
        "design_authority": da_outcome == DecisionOutcome.APPROVED,
    }
    return ApprovalCheck(c, tuple(item for item in REQUIREMENTS if not present[item.key]))


def is_fully_approved(customization: Customization) -> bool:
    """True only when every requirement is present and the design authority approved it."""
    return approval_check(customization).is_fully_approved


def in_build_without_full_approval(programme: Programme) -> list[Customization]:
    """Customizations in build (or built) that are not fully approved, by reference."""
    candidates = with_approval_facts(
        Customization.objects.filter(programme=programme, status__in=BUILD_STATUSES)
    ).order_by("reference", "id")
    return [each for each in candidates if not is_fully_approved(each)]


def _gap_references(gaps) -> list[str]:
    return sorted(gap.reference for gap in gaps)


def _check_build_reason(customization: Customization, before_status, reason: str) -> None:
    entering_build = customization.status in BUILD_STATUSES and before_status not in BUILD_STATUSES
    if entering_build and not reason.strip() and not is_fully_approved(customization):
        missing = ", ".join(str(item.label) for item in approval_check(customization).missing)
        raise CustomizationRefused(
            f"{customization.reference} is not fully approved (missing: {missing}); "
            "moving it into build needs a reason"
        )


@transaction.atomic
def create_customization(
    programme: Programme, actor, *, gaps=(), reason: str = "", **fields
) -> Customization:
    """Register a customization (next free CUS-nnnn unless ``reference`` is given)."""
    unknown = set(fields) - {*EDITABLE_FIELDS, "reference"}
    if unknown:
        raise CustomizationRefused(f"cannot set {', '.join(sorted(unknown))}")
    if not fields.get("reference"):
        fields["reference"] = next_reference(
            Customization.objects.filter(programme=programme), REFERENCE_PREFIX
        )
    customization = Customization(programme=programme, created_by=actor, **fields)
    customization.save(force_insert=True)
    customization.gaps.set(gaps)
    _check_build_reason(customization, None, reason)
    changes = {name: [None, value] for name, value in field_values(customization).items()}
    changes["gaps"] = [None, _gap_references(gaps)]
    record(actor, AuditEntry.Action.CREATE, customization, changes=changes, reason=reason)
    logger.info("customization %s: registered (%s)", customization.reference, programme.key)
    return customization


@transaction.atomic
def update_customization(
    customization: Customization, actor, *, reason: str = "", gaps=None, **fields
) -> bool:
    """Change a customization's fields (and gaps); record what changed. False if nothing did.

    Moving a customization into build before it is fully approved is recorded,
    not refused — the register must say what is really happening, and the
    design-authority gate fails on it — but it needs a reason.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise CustomizationRefused(f"cannot change {', '.join(sorted(unknown))}")
    before = field_values(customization, fields.keys())
    before_status = customization.status
    for name, value in fields.items():
        setattr(customization, name, value)
    changes = {
        name: [before[name], value]
        for name, value in field_values(customization, fields.keys()).items()
        if before[name] != value
    }
    if gaps is not None:
        old = _gap_references(customization.gaps.all())
        new = _gap_references(gaps)
        if old != new:
            changes["gaps"] = [old, new]
    if not changes:
        return False
    customization.save()
    if "gaps" in changes:
        customization.gaps.set(gaps)
    if hasattr(customization, "gap_count"):
        del customization.gap_count  # stale annotation: re-read the gaps
    _check_build_reason(customization, before_status, reason)
    record(actor, AuditEntry.Action.UPDATE, customization, changes=changes, reason=reason)
    logger.info("customization %s: %s changed", customization.reference, ", ".join(changes))
    return True


def apply_board_decision(customization: Customization, outcome: str, actor) -> None:
    """Move a customization's status after a design-authority decision on it.

    Approve: proposed or in review becomes approved. Reject: proposed or in
    review becomes retired. Defer: proposed becomes in review. A customization
    already in build or built keeps its status; the decision still counts for
    its approval.
    """
    from caregate.design_authority.models import DecisionOutcome

    moves = {
        DecisionOutcome.APPROVED: (
            (CustomizationStatus.PROPOSED, CustomizationStatus.IN_REVIEW),
            CustomizationStatus.APPROVED,
        ),
        DecisionOutcome.REJECTED: (
            (CustomizationStatus.PROPOSED, CustomizationStatus.IN_REVIEW),
            CustomizationStatus.RETIRED,
        ),
        DecisionOutcome.DEFERRED: ((CustomizationStatus.PROPOSED,), CustomizationStatus.IN_REVIEW),
    }
    from_statuses, to_status = moves[outcome]
    if customization.status in from_statuses:
        update_customization(
            customization,
            actor,
            status=to_status,
            reason=f"design-authority decision: {outcome}",
        )
