"""RAID business rules: creating and changing entries (audited), references and the heat map.

Every change goes through :func:`create_entry` or :func:`update_entry`, which
save the record and append an audit entry in one transaction.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from caregate.audit.services import audited_create, audited_update, field_values
from caregate.raid.models import OPEN_RISK, Assumption, Dependency, Issue, Risk

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RaidKind:
    """One of the four RAID registers: its model, URL slug and reference prefix."""

    slug: str
    model: type
    prefix: str


KINDS = {
    "risks": RaidKind("risks", Risk, "R"),
    "assumptions": RaidKind("assumptions", Assumption, "A"),
    "issues": RaidKind("issues", Issue, "I"),
    "dependencies": RaidKind("dependencies", Dependency, "D"),
}


def kind_of(model) -> RaidKind:
    for kind in KINDS.values():
        if kind.model is model or isinstance(model, kind.model):
            return kind
    raise LookupError(f"{model!r} is not a RAID model")


def next_reference(programme, kind: RaidKind) -> str:
    """The next free reference of a kind, e.g. R-013 after R-012 (gaps in numbering kept)."""
    pattern = re.compile(rf"^{kind.prefix}-(\d+)$")
    highest = 0
    for reference in kind.model.objects.filter(programme=programme).values_list(
        "reference", flat=True
    ):
        match = pattern.match(reference)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{kind.prefix}-{highest + 1:03d}"


@transaction.atomic
def create_entry(programme, kind: RaidKind, values: dict, actor, reason: str = ""):
    """Create a RAID entry from validated form values; the reference is assigned if blank."""
    entry = kind.model(programme=programme, **values)
    if not entry.reference:
        entry.reference = next_reference(programme, kind)
    if isinstance(entry, Risk):
        entry.score = entry.likelihood * entry.impact
    audited_create(entry, actor, reason=reason)
    logger.info("raid %s: %s created", programme.key, entry.reference)
    return entry


@transaction.atomic
def update_entry(entry, values: dict, actor, reason: str = ""):
    """Apply validated form values to an entry; records what changed (nothing if nothing did).

    The stored record is read again (and locked): a ModelForm has already copied its
    values onto the instance it was given, so that instance no longer shows the "before".
    """
    entry = type(entry).objects.select_for_update().get(pk=entry.pk)
    before = field_values(entry)
    for name, value in values.items():
        setattr(entry, name, value)
    if isinstance(entry, Risk):
        entry.score = entry.likelihood * entry.impact
    audited_update(entry, actor, before, reason=reason)
    return entry


@dataclass(frozen=True)
class HeatCell:
    """One likelihood x impact cell of the risk heat map."""

    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        """high (15-25), medium (8-14) or low (1-7): the conventional 5x5 banding."""
        if self.score >= 15:
            return "high"
        if self.score >= 8:
            return "medium"
        return "low"


def risk_heat_map(programme, *, open_only: bool = True) -> list[list[HeatCell]]:
    """Rows of cells, likelihood 5 at the top down to 1, impact 1 to 5 left to right.

    Counts the programme's open risks (open or being mitigated) per cell in one query.
    """
    risks = Risk.objects.filter(programme=programme)
    if open_only:
        risks = risks.filter(status__in=OPEN_RISK)
    counts = {
        (row["likelihood"], row["impact"]): row["n"]
        for row in risks.values("likelihood", "impact").annotate(n=Count("id")).order_by()
    }
    return [
        [
            HeatCell(likelihood, impact, counts.get((likelihood, impact), 0))
            for impact in range(1, 6)
        ]
        for likelihood in range(5, 0, -1)
    ]
