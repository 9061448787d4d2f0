"""Gap priority: a score from 0 to 100 and a band P1..P4, from three ratings of the gap.

The formula
-----------
Each rating becomes a number between 0 (harmless) and 1 (worst):

=====================  =============================================================
business criticality   critical 1, high 2/3, medium 1/3, low 0
compliance impact      regulatory 1, high 3/4, medium 1/2, low 1/4, none 0
workaround             none 1, difficult 2/3, manual 1/3, easy 0
=====================  =============================================================

    score = round(100 * (Wc*criticality + Wi*compliance + Ww*workaround) / (Wc + Wi + Ww))

with the programme's weights from ``programme.evidence_settings["gap_priority_weights"]``,
a dict with the keys ``criticality``, ``compliance`` and ``workaround`` (non-negative
numbers, not all zero). Defaults: criticality 50, compliance 30, workaround 20 —
business criticality leads, regulatory exposure weighs heavily in healthcare, and a
missing workaround makes a gap urgent but rarely on its own. A missing or invalid
weight falls back to its default (and is logged).

Bands: P1 from 70, P2 from 50, P3 from 30, P4 below. With the default weights a
critical gap with high compliance impact and only a manual workaround is P1 (79); a
high gap without compliance impact and with a manual workaround is P3 (40).

The score and band are stored on the gap (lists sort by them without computing per
row); :func:`caregate.gaps.services.recompute_priorities` refreshes every gap of a
programme when its weights change.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from fractions import Fraction

from caregate.gaps.models import (
    ComplianceImpact,
    Criticality,
    PriorityBand,
    WorkaroundFeasibility,
)

logger = logging.getLogger(__name__)

SETTINGS_KEY = "gap_priority_weights"

DEFAULT_WEIGHTS: dict[str, float] = {"criticality": 50, "compliance": 30, "workaround": 20}

CRITICALITY_POINTS = {
    Criticality.CRITICAL: Fraction(1),
    Criticality.HIGH: Fraction(2, 3),
    Criticality.MEDIUM: Fraction(1, 3),
    Criticality.LOW: Fraction(0),
}
COMPLIANCE_POINTS = {
    ComplianceImpact.REGULATORY: Fraction(1),
    ComplianceImpact.HIGH: Fraction(3, 4),
    ComplianceImpact.MEDIUM: Fraction(1, 2),
    ComplianceImpact.LOW: Fraction(1, 4),
    ComplianceImpact.NONE: Fraction(0),
}
WORKAROUND_POINTS = {
    WorkaroundFeasibility.NONE: Fraction(1),
    WorkaroundFeasibility.DIFFICULT: Fraction(2, 3),
    WorkaroundFeasibility.MANUAL: Fraction(1, 3),
    WorkaroundFeasibility.EASY: Fraction(0),
}

#: Lowest score of each band, highest band first.
BAND_FLOORS = ((PriorityBand.P1, 70), (PriorityBand.P2, 50), (PriorityBand.P3, 30))


def weights_from_settings(evidence_settings: Mapping | None) -> dict[str, float]:
    """The weights a programme chose, each missing or invalid one replaced by its default."""
    chosen = dict(DEFAULT_WEIGHTS)
    given = (evidence_settings or {}).get(SETTINGS_KEY) or {}
    if not isinstance(given, Mapping):
        logger.warning("gap priority weights %r are not a mapping; using the defaults", given)
        return chosen
    for name, value in given.items():
        if name not in DEFAULT_WEIGHTS:
            logger.warning("gap priority weight %r is unknown; ignored", name)
        elif isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            logger.warning(
                "gap priority weight %s=%r is invalid; using %s", name, value, DEFAULT_WEIGHTS[name]
            )
        else:
            chosen[name] = value
    if not any(chosen.values()):
        logger.warning("gap priority weights are all zero; using the defaults")
        return dict(DEFAULT_WEIGHTS)
    return chosen


def priority_score(
    criticality: str, compliance_impact: str, workaround: str, weights: Mapping[str, float]
) -> int:
    """The score from 0 to 100 (see the module docstring); unknown ratings count as 0."""
    return _score(
        criticality,
        compliance_impact,
        workaround,
        weights["criticality"],
        weights["compliance"],
        weights["workaround"],
    )


@functools.lru_cache(maxsize=1024)
def _score(
    criticality,
    compliance_impact,
    workaround,
    criticality_weight,
    compliance_weight,
    workaround_weight,
) -> int:
    # Cached: 80 rating combinations per set of weights, and an import scores every row.
    parts = (
        (criticality_weight, CRITICALITY_POINTS.get(criticality, Fraction(0))),
        (compliance_weight, COMPLIANCE_POINTS.get(compliance_impact, Fraction(0))),
        (workaround_weight, WORKAROUND_POINTS.get(workaround, Fraction(0))),
    )
    total = weight_sum = Fraction(0)
    for weight, points in parts:
        exact_weight = Fraction(weight).limit_denominator(10_000)
        total += exact_weight * points
        weight_sum += exact_weight
    exact = 100 * total / weight_sum
    return int(exact + Fraction(1, 2))  # round half up, the way people round by hand


def priority_band(score: int) -> str:
    """P1 from 70, P2 from 50, P3 from 30, P4 below."""
    for band, floor in BAND_FLOORS:
        if score >= floor:
            return band
    return PriorityBand.P4


def set_priority(gap, weights: Mapping[str, float]) -> bool:
    """Store the gap's score and band for these weights; True when they changed."""
    score = priority_score(gap.criticality, gap.compliance_impact, gap.workaround, weights)
    band = priority_band(score)
    changed = (gap.priority_score, gap.priority_band) != (score, band)
    gap.priority_score, gap.priority_band = score, band
    return changed
