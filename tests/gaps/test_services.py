"""Gap services: validation rules, business owners, references and the audit trail."""

import datetime as dt

import pytest

from caregate.audit.services import history
from caregate.gaps.models import Gap
from caregate.gaps.services import GapInvalid, create_gap, next_reference, update_gap


@pytest.fixture
def workstream(programme):
    return programme.workstreams.get(key="procurement-supply")


def test_create_assigns_the_next_reference_and_audits(programme, people, users, workstream):
    Gap.objects.create(
        programme=programme,
        reference="GAP-0041",
        workstream=workstream,
        title="Old",
        criticality="low",
    )

    gap = create_gap(
        programme,
        users["pmo"],
        "workshop 3",
        workstream=workstream,
        title="Lot recall across sites",
        criticality="high",
        compliance_impact="regulatory",
        workaround="difficult",
        owner=people["Grace Lindqvist"],
    )

    assert gap.reference == "GAP-0042"
    assert (gap.priority_score, gap.priority_band) == (77, "P1")
    [entry] = history(gap)
    assert (entry.action, entry.actor_name, entry.reason) == ("create", "pmo", "workshop 3")
    assert entry.changes["title"] == [None, "Lot recall across sites"]
    assert entry.changes["priority_score"] == [None, 77]


def test_next_reference_ignores_references_outside_the_pattern(programme, workstream):
    for reference in ("GAP-0007", "GAP-X", "LEGACY-99"):
        Gap.objects.create(
            programme=programme,
            reference=reference,
            workstream=workstream,
            title=reference,
            criticality="low",
        )

    assert next_reference(programme) == "GAP-0008"


def test_owner_must_hold_a_business_role(programme, people, workstream):
    with pytest.raises(GapInvalid) as refused:
        create_gap(
            programme,
            None,
            workstream=workstream,
            title="A",
            criticality="high",
            owner=people["Priya Raman"],
        )

    assert list(refused.value.errors) == ["owner"]
    assert Gap.objects.count() == 0


def test_a_sponsor_may_own_a_gap_and_a_person_without_role_may_not(programme, people, workstream):
    gap = create_gap(
        programme,
        None,
        workstream=workstream,
        title="A",
        criticality="high",
        owner=people["Sam Adeyemi"],
    )

    with pytest.raises(GapInvalid):
        update_gap(gap, None, owner=people["Nobody"])
    assert Gap.objects.get(pk=gap.pk).owner == people["Sam Adeyemi"]


def test_agreed_resolution_needs_a_path_and_due_date_follows_raised(programme, workstream):
    with pytest.raises(GapInvalid) as refused:
        create_gap(
            programme,
            None,
            workstream=workstream,
            title="A",
            criticality="low",
            status="resolution_agreed",
            raised_on=dt.date(2026, 5, 1),
            due_date=dt.date(2026, 4, 1),
        )

    assert sorted(refused.value.errors) == ["due_date", "resolution_path"]


def test_references_are_unique_per_programme_whatever_the_case(programme, workstream):
    create_gap(
        programme, None, reference="GAP-0001", workstream=workstream, title="A", criticality="low"
    )

    with pytest.raises(GapInvalid) as refused:
        create_gap(
            programme,
            None,
            reference="gap-0001",
            workstream=workstream,
            title="B",
            criticality="low",
        )
    assert list(refused.value.errors) == ["reference"]


def test_update_records_only_what_changed_and_nothing_when_unchanged(
    programme, people, users, workstream
):
    gap = create_gap(
        programme,
        None,
        workstream=workstream,
        title="A",
        criticality="medium",
        compliance_impact="none",
        workaround="easy",
    )

    update_gap(
        gap,
        users["owner"],
        "board 12",
        criticality="critical",
        resolution_path="customization",
        owner=people["Grace Lindqvist"],
    )
    update_gap(gap, users["owner"], "no change", criticality="critical")

    entries = list(history(gap))
    assert [entry.action for entry in entries] == ["update", "create"]
    assert entries[0].changes == {
        "criticality": ["medium", "critical"],
        "owner": [None, people["Grace Lindqvist"].pk],
        "resolution_path": ["", "customization"],
        "priority_score": [17, 50],
        "priority_band": ["P4", "P2"],
    }


def test_workstream_of_another_programme_is_refused(programme, workstream):
    from caregate.programmes.services import get_or_create_programme

    other = get_or_create_programme("other", "Other")
    with pytest.raises(GapInvalid) as refused:
        create_gap(
            programme, None, workstream=other.workstreams.first(), title="A", criticality="low"
        )
    assert list(refused.value.errors) == ["workstream"]


def test_deleting_the_programme_deletes_its_gaps(programme, people, workstream):
    create_gap(
        programme,
        None,
        workstream=workstream,
        title="A",
        criticality="low",
        owner=people["Grace Lindqvist"],
    )

    programme.delete()

    assert Gap.objects.count() == 0
