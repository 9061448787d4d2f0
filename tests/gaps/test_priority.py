"""Priority score and band: the documented formula, the programme's weights, recomputation."""

import pytest

from caregate.audit.models import AuditEntry
from caregate.gaps.models import Gap
from caregate.gaps.priority import (
    DEFAULT_WEIGHTS,
    priority_band,
    priority_score,
    weights_from_settings,
)
from caregate.gaps.services import create_gap, recompute_priorities, set_priority_weights


@pytest.mark.parametrize(
    ("criticality", "compliance", "workaround", "score", "band"),
    [
        ("critical", "regulatory", "none", 100, "P1"),
        ("critical", "high", "manual", 79, "P1"),
        ("critical", "none", "easy", 50, "P2"),
        ("high", "none", "manual", 40, "P3"),
        ("medium", "medium", "manual", 38, "P3"),
        ("medium", "none", "easy", 17, "P4"),
        ("low", "none", "easy", 0, "P4"),
    ],
)
def test_default_weights_give_the_documented_scores(
    criticality, compliance, workaround, score, band
):
    result = priority_score(criticality, compliance, workaround, DEFAULT_WEIGHTS)

    assert result == score
    assert priority_band(result) == band


def test_band_floors_are_inclusive():
    assert [priority_band(s) for s in (70, 69, 50, 49, 30, 29)] == [
        "P1",
        "P2",
        "P2",
        "P3",
        "P3",
        "P4",
    ]


def test_weights_from_settings_replace_only_valid_values():
    weights = weights_from_settings(
        {
            "gap_priority_weights": {
                "criticality": 10,
                "compliance": -1,
                "workaround": "x",
                "size": 3,
            }
        }
    )

    assert weights == {"criticality": 10, "compliance": 30, "workaround": 20}


def test_all_zero_weights_fall_back_to_the_defaults():
    zero = {"criticality": 0, "compliance": 0, "workaround": 0}

    assert weights_from_settings({"gap_priority_weights": zero}) == DEFAULT_WEIGHTS


def test_compliance_only_weights_rank_by_compliance():
    weights = {"criticality": 0, "compliance": 1, "workaround": 0}

    assert priority_score("low", "regulatory", "easy", weights) == 100
    assert priority_score("critical", "none", "none", weights) == 0


def test_changing_weights_recomputes_stored_priorities_and_audits(programme, people, users):
    # Given a critical gap without compliance impact and a low regulatory one
    grace = people["Grace Lindqvist"]
    workstream = programme.workstreams.first()
    critical = create_gap(
        programme,
        None,
        workstream=workstream,
        title="A",
        criticality="critical",
        compliance_impact="none",
        workaround="easy",
        owner=grace,
    )
    regulatory = create_gap(
        programme,
        None,
        workstream=workstream,
        title="B",
        criticality="low",
        compliance_impact="regulatory",
        workaround="easy",
        owner=grace,
    )
    assert (critical.priority_score, regulatory.priority_score) == (50, 30)

    # When the programme weighs compliance only
    changed = set_priority_weights(
        programme, {"criticality": 0, "compliance": 1, "workaround": 0}, users["pmo"]
    )

    # Then both stored priorities change and the change of weights is in the trail
    critical.refresh_from_db()
    regulatory.refresh_from_db()
    assert changed == 2
    assert (critical.priority_score, critical.priority_band) == (0, "P4")
    assert (regulatory.priority_score, regulatory.priority_band) == (100, "P1")
    entry = AuditEntry.objects.filter(target_model="programmes.programme").latest("sequence")
    assert entry.changes == {
        "evidence_settings.gap_priority_weights": [
            None,
            {"criticality": 0, "compliance": 1, "workaround": 0},
        ]
    }
    assert entry.actor_name == "pmo"


def test_recompute_writes_nothing_when_weights_are_unchanged(programme, people):
    create_gap(
        programme,
        None,
        workstream=programme.workstreams.first(),
        title="A",
        criticality="high",
        compliance_impact="high",
        workaround="difficult",
    )

    assert recompute_priorities(programme) == 0


def test_invalid_weights_are_refused(programme):
    with pytest.raises(ValueError, match="must be a number"):
        set_priority_weights(programme, {"criticality": -5}, None)
    with pytest.raises(ValueError, match="unknown"):
        set_priority_weights(programme, {"urgency": 5}, None)


def test_saving_a_gap_recomputes_its_priority(programme):
    gap = create_gap(
        programme,
        None,
        workstream=programme.workstreams.first(),
        title="A",
        criticality="low",
        compliance_impact="none",
        workaround="easy",
    )
    gap.criticality = "critical"
    gap.save()

    assert Gap.objects.get(pk=gap.pk).priority_score == 50
