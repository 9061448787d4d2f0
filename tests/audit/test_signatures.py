"""Signatures: re-entered password, refusals kept in the trail, gate sign-offs signed."""

from __future__ import annotations

import pytest
from django.db import transaction

from caregate.audit.models import AuditEntry, Signature
from caregate.audit.signatures import SignatureRefused, SigningInsideTransaction, sign
from caregate.audit.verification import verify_chain
from caregate.gates.models import Criterion, Gate, SignOff
from caregate.gates.services import add_criterion, record_signoff, revise_criterion, sign_gate
from caregate.programmes.models import Role

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _gate(programme, key="migration-and-test") -> Gate:
    return Gate.objects.get(programme=programme, key=key)


def test_signing_with_the_right_password_records_a_signature_sealed_in_the_trail(programme, signer):
    gate = _gate(programme)

    signature = sign(signer, PASSWORD, gate, "reviewed", "Test evidence read")

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_model, entry.target_id) == (
        "sign",
        "gates.gate",
        str(gate.pk),
    )
    assert entry.changes == {"meaning": [None, "reviewed"]}
    assert entry.reason == "Test evidence read"
    assert signature.audit_entry == entry
    assert (signature.signer, signature.meaning, signature.target_repr) == (
        signer,
        "reviewed",
        gate.name,
    )
    assert signature.signed_at == entry.recorded_at


def test_a_wrong_password_is_refused_and_the_refusal_is_recorded(programme, signer):
    gate = _gate(programme)

    with pytest.raises(SignatureRefused, match="wrong password"):
        sign(signer, "guess", gate, "approved")

    assert Signature.objects.count() == 0
    refusal = AuditEntry.objects.get()
    assert (refusal.action, refusal.actor, refusal.reason) == (
        "sign_refused",
        signer,
        "wrong password",
    )
    assert refusal.changes == {"meaning": [None, "approved"]}
    assert "guess" not in str(refusal.changes)


def test_signing_on_behalf_of_someone_else_is_refused_and_recorded(programme, signer, other_user):
    gate = _gate(programme)

    with pytest.raises(SignatureRefused, match="on behalf of another user"):
        sign(signer, PASSWORD, gate, "approved", on_behalf_of=other_user)

    assert Signature.objects.count() == 0
    refusal = AuditEntry.objects.get(action="sign_refused")
    assert refusal.reason == "signing on behalf of another user (tom) is not allowed"


def test_signing_on_ones_own_behalf_is_allowed(programme, signer):
    signature = sign(signer, PASSWORD, _gate(programme), "approved", on_behalf_of=signer)

    assert signature.signer == signer


def test_an_inactive_user_cannot_sign_even_with_the_right_password(programme, signer):
    signer.is_active = False
    signer.save()

    with pytest.raises(SignatureRefused, match="inactive"):
        sign(signer, PASSWORD, _gate(programme), "approved")

    assert Signature.objects.count() == 0
    assert AuditEntry.objects.get().action == "sign_refused"


def test_a_waiver_needs_a_reason(programme, signer):
    gate = _gate(programme)

    with pytest.raises(SignatureRefused, match="a waiver needs a reason"):
        sign(signer, PASSWORD, gate, "waived", "  ")
    assert Signature.objects.count() == 0
    assert AuditEntry.objects.count() == 0

    waiver = sign(signer, PASSWORD, gate, "waived", "Load test replaced by pilot week")
    assert (waiver.meaning, waiver.reason) == ("waived", "Load test replaced by pilot week")


def test_an_unknown_meaning_is_refused(programme, signer):
    with pytest.raises(SignatureRefused, match="unknown signature meaning 'ok'"):
        sign(signer, PASSWORD, _gate(programme), "ok")


def test_sign_gate_creates_the_signature_the_signoff_and_their_entries(
    programme, signer, test_lead
):
    gate = _gate(programme)

    signoff = sign_gate(gate, signer, PASSWORD, Role.TEST_LEAD, "approved", "UAT passed")

    signature = Signature.objects.get()
    assert signoff.signature == signature
    assert (signoff.person, signoff.role, signoff.decision, signoff.recorded_by) == (
        test_lead,
        "test_lead",
        "approved",
        signer,
    )
    assert signoff.signed_at == signature.signed_at
    assert (signature.meaning, signature.reason) == ("approved", "UAT passed")
    # Other registers (the decision log) may add entries of their own.
    entries = list(
        AuditEntry.objects.filter(target_model__in=["gates.gate", "gates.signoff"]).order_by(
            "sequence"
        )
    )
    assert [(e.action, e.target_model) for e in entries] == [
        ("sign", "gates.gate"),
        ("sign", "gates.signoff"),
    ]
    assert entries[0].changes == {"meaning": [None, "approved"], "role": [None, "test_lead"]}
    assert entries[1].target_id == str(signoff.pk)
    assert entries[1].changes["signature"] == [None, signature.pk]
    assert entries[1].reason == f"signed electronically (signature {signature.pk})"
    assert verify_chain().checked == AuditEntry.objects.count()


def test_sign_gate_with_a_wrong_password_signs_nothing(programme, signer, test_lead):
    with pytest.raises(SignatureRefused, match="wrong password"):
        sign_gate(_gate(programme), signer, "nope", Role.TEST_LEAD, "approved")

    assert SignOff.objects.count() == 0
    assert Signature.objects.count() == 0
    refusal = AuditEntry.objects.get()
    assert refusal.changes == {"decision": [None, "approved"], "role": [None, "test_lead"]}


def test_sign_gate_in_a_role_not_held_is_refused_and_recorded(programme, signer, test_lead):
    with pytest.raises(SignatureRefused, match="does not hold the role sponsor"):
        sign_gate(_gate(programme), signer, PASSWORD, Role.SPONSOR, "approved")

    assert SignOff.objects.count() == 0
    assert AuditEntry.objects.get().action == "sign_refused"


def test_sign_gate_by_someone_outside_the_programme_is_refused(programme, other_user):
    with pytest.raises(SignatureRefused, match="not a member of programme aud"):
        sign_gate(_gate(programme), other_user, "another password 42", Role.TEST_LEAD, "approved")

    assert SignOff.objects.count() == 0


def test_record_signoff_without_a_signature_says_so_in_the_trail(programme, test_lead):
    signoff = record_signoff(_gate(programme), test_lead, Role.TEST_LEAD, "rejected", comment="No")

    entry = AuditEntry.objects.get(target_model="gates.signoff")
    assert (entry.action, entry.target_model, entry.target_id) == (
        "sign",
        "gates.signoff",
        str(signoff.pk),
    )
    assert entry.reason == "recorded without a signature (demo or import)"
    assert entry.actor is None
    assert entry.changes["decision"] == [None, "rejected"]
    assert entry.changes["signature"] == [None, None]


def test_revising_and_adding_criteria_leave_entries_with_before_after_and_reason(programme, signer):
    admins = Criterion.objects.get(gate__programme=programme, key="few-access-admins")

    revise_criterion(admins, user=signer, reason="Two sites need a local admin", threshold=4)
    added = add_criterion(
        admins.gate,
        user=signer,
        reason="Board asked for it",
        key="dr-test",
        title="Disaster recovery tested",
        kind="register",
        explanation="Restores must work.",
        next_action="Run the restore test.",
        owner_role=Role.OPERATIONS_LEAD,
        register_condition="dr-test-missing",
    )

    revision, creation = AuditEntry.objects.order_by("sequence")
    assert (revision.action, revision.target_id, revision.actor) == (
        "update",
        str(admins.pk),
        signer,
    )
    assert revision.changes == {"threshold": [2.0, 4]}
    assert revision.reason == "Two sites need a local admin"
    assert (creation.action, creation.target_id) == ("create", str(added.pk))
    assert creation.changes["title"] == [None, "Disaster recovery tested"]
    assert creation.changes["is_default"] == [None, False]
    assert creation.reason == "Board asked for it"


@pytest.mark.django_db(transaction=True)
def test_a_refusal_stays_committed_although_the_signing_fails(programme, signer, test_lead):
    with pytest.raises(SignatureRefused):
        sign_gate(_gate(programme), signer, "nope", Role.TEST_LEAD, "approved")

    # Nothing wraps this test in a transaction: what is visible now was committed.
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["sign_refused"]
    assert verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_signing_inside_a_callers_transaction_is_refused_before_the_password_is_read(
    programme, signer
):
    gate = _gate(programme)

    with pytest.raises(SigningInsideTransaction), transaction.atomic():
        sign(signer, "nope", gate, "approved")

    assert AuditEntry.objects.count() == 0
