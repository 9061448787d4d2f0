"""Writing the decision log, granting waivers and honouring them in assessments.

Every gate sign-off (caregate.gates.services.record_signoff), design-authority
decision (caregate.design_authority.services.record_decision) and waiver
(:func:`grant_waiver`) writes one :class:`DecisionLogEntry` in the same
transaction as the decision itself, citing the evidence the decision rested on.
Entries are never changed: :func:`correct_entry` adds a new entry that names
the one it corrects.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from caregate.audit.models import AuditEntry
from caregate.audit.services import AuditTarget, field_values, record
from caregate.audit.signatures import check_signer, record_signature, refuse
from caregate.decisions.models import DecisionKind, DecisionLogEntry, Waiver
from caregate.decisions.references import next_reference
from caregate.gates.models import Assessment, Criterion, CriterionResult, SignOff
from caregate.programmes.models import Person, Programme, Role

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "DL"

#: Who may waive a criterion: the PMO or the programme sponsor.
WAIVER_ROLES = (Role.PMO, Role.SPONSOR)
#: Who may correct a log entry besides the person who took the decision.
CORRECTOR_ROLES = (Role.PMO, Role.SPONSOR)
#: The longest a waiver may run; a longer one is a changed criterion, not a waiver.
MAX_WAIVER_DAYS = 180


class DecisionRefused(Exception):
    """A decision, waiver or correction the method does not allow; nothing was stored."""


def _holds_any_role(person: Person, roles) -> bool:
    return person.roles.filter(role__in=roles).exists()


def log_decision(
    programme: Programme,
    kind: str,
    subject: Model | AuditTarget,
    *,
    summary: str,
    outcome: str,
    decided_by: Person,
    decided_at: dt.datetime,
    rationale: str = "",
    evidence: dict[str, Any] | None = None,
    recorded_by=None,
    signature=None,
    corrects: DecisionLogEntry | None = None,
) -> DecisionLogEntry:
    """Append one entry to the programme's decision log (and its audit entry); return it."""
    target = AuditTarget.of(subject)
    with transaction.atomic():
        # Lock the programme row so that two decisions at once cannot take the same reference.
        list(Programme.objects.select_for_update().filter(pk=programme.pk).values_list("pk"))
        entry = DecisionLogEntry(
            programme=programme,
            reference=next_reference(
                DecisionLogEntry.objects.filter(programme=programme), REFERENCE_PREFIX
            ),
            kind=DecisionKind(kind).value,
            summary=summary[:300],
            outcome=outcome,
            decided_by=decided_by,
            decided_at=decided_at,
            rationale=rationale,
            evidence=evidence or {},
            subject_model=target.model,
            subject_id=target.id,
            subject_repr=target.repr,
            corrects=corrects,
            recorded_by=recorded_by,
            signature=signature,
        )
        entry.save(force_insert=True)
        record(
            recorded_by,
            AuditEntry.Action.CREATE,
            entry,
            changes={name: [None, value] for name, value in field_values(entry).items()},
            reason=f"decision log: {entry.get_kind_display()}",
        )
    logger.info("decision log %s: %s %s", programme.key, entry.reference, entry.summary)
    return entry


def latest_assessment_evidence(programme: Programme, gate=None, criterion=None) -> dict[str, Any]:
    """What the programme's latest assessment said: its id, snapshot and the result ids cited.

    With ``gate``: the ids of that gate's criterion results and its verdict;
    with ``criterion``: the id of that criterion's result. Empty values (and
    ``assessment_id`` None) when no assessment exists yet.
    """
    assessment = (
        Assessment.objects.filter(programme=programme)
        .select_related("snapshot")
        .order_by("-started_at", "-id")
        .first()
    )
    if assessment is None:
        return {"assessment_id": None, "snapshot_id": None, "criterion_result_ids": []}
    results = CriterionResult.objects.filter(verdict__assessment=assessment)
    if gate is not None:
        results = results.filter(verdict__gate=gate)
    if criterion is not None:
        results = results.filter(criterion=criterion)
    cited = list(results.order_by("id").values_list("id", "outcome"))
    evidence = {
        "assessment_id": assessment.pk,
        "snapshot_id": assessment.snapshot.snapshot_id if assessment.snapshot else None,
        "criterion_result_ids": [result_id for result_id, _outcome in cited],
        "failed_result_ids": [
            result_id for result_id, outcome in cited if outcome != CriterionResult.Outcome.PASS
        ],
    }
    if gate is not None:
        verdict = assessment.verdicts.filter(gate=gate).first()
        evidence["gate_ready"] = verdict.ready if verdict else None
    return evidence


def log_gate_signoff(signoff: SignOff) -> DecisionLogEntry:
    """Log a gate sign-off, citing the latest assessment of its gate."""
    gate = signoff.gate
    evidence = latest_assessment_evidence(gate.programme, gate=gate)
    evidence.update(gate=gate.key, role=signoff.role, signoff_id=signoff.pk)
    return log_decision(
        gate.programme,
        DecisionKind.GATE_SIGNOFF,
        signoff,
        summary=f"{signoff.get_decision_display()}: {gate.name} ({Role(signoff.role).label})",
        outcome=signoff.decision,
        decided_by=signoff.person,
        decided_at=signoff.signed_at,
        rationale=signoff.comment,
        evidence=evidence,
        recorded_by=signoff.recorded_by,
        signature=signoff.signature,
    )


def log_design_authority_decision(decision) -> DecisionLogEntry:
    """Log a design-authority decision, citing the request's scores or the approval checks."""
    subject = decision.subject
    evidence: dict[str, Any] = {"decision_id": decision.pk, "reference": subject.reference}
    if decision.change_request_id:
        evidence.update(
            business_value=subject.business_value,
            compliance_impact=subject.compliance_impact,
            maintainability=subject.maintainability,
            score=subject.score,
        )
    else:
        from caregate.customizations.services import approval_check

        evidence["missing_before_decision"] = [item.key for item in approval_check(subject).missing]
    if decision.conditions:
        evidence["conditions"] = decision.conditions
    return log_decision(
        decision.programme,
        DecisionKind.DESIGN_AUTHORITY,
        decision,
        summary=f"{decision.get_outcome_display()}: {subject}",
        outcome=decision.outcome,
        decided_by=decision.decided_by,
        decided_at=decision.decided_at,
        rationale=decision.rationale,
        evidence=evidence,
        recorded_by=decision.recorded_by,
        signature=decision.signature,
    )


# -- waivers ------------------------------------------------------------------------------


def site_date(moment: dt.datetime) -> dt.date:
    """The calendar day of a moment in the site's time zone (waivers expire by that day)."""
    return moment.astimezone(zoneinfo.ZoneInfo(settings.SITE_TIME_ZONE)).date()


def _check_waiver(criterion: Criterion, person: Person, reason: str, expires_on, granted_at):
    programme_id = criterion.gate.programme_id
    if person.programme_id != programme_id:
        raise DecisionRefused(f"{person} is not part of programme {criterion.gate.programme.key}")
    if not _holds_any_role(person, WAIVER_ROLES):
        raise DecisionRefused(f"{person} is neither PMO nor sponsor: only they may waive")
    if not reason.strip():
        raise DecisionRefused("a waiver needs a reason")
    today = site_date(granted_at)
    if expires_on < today:
        raise DecisionRefused(f"a waiver cannot expire in the past ({expires_on:%Y-%m-%d})")
    if (expires_on - today).days > MAX_WAIVER_DAYS:
        raise DecisionRefused(
            f"a waiver runs at most {MAX_WAIVER_DAYS} days; change the criterion instead"
        )


def grant_waiver(
    criterion: Criterion,
    person: Person,
    reason: str,
    expires_on: dt.date,
    *,
    granted_at: dt.datetime | None = None,
    recorded_by=None,
    signature=None,
) -> Waiver:
    """Waive a criterion of its gate until ``expires_on`` (inclusive), and log the decision.

    Only a programme member holding the PMO or sponsor role may waive; a
    waiver needs a reason and runs at most MAX_WAIVER_DAYS days. Raises
    DecisionRefused otherwise, storing nothing.
    """
    granted_at = granted_at or timezone.now()
    _check_waiver(criterion, person, reason, expires_on, granted_at)
    programme = criterion.gate.programme
    with transaction.atomic():
        waiver = Waiver(
            programme=programme,
            criterion=criterion,
            reason=reason,
            expires_on=expires_on,
            granted_by=person,
            granted_at=granted_at,
            recorded_by=recorded_by,
            signature=signature,
        )
        waiver.save(force_insert=True)
        record(
            recorded_by,
            AuditEntry.Action.CREATE,
            waiver,
            changes={name: [None, value] for name, value in field_values(waiver).items()},
            reason=reason,
        )
        evidence = latest_assessment_evidence(programme, criterion=criterion)
        evidence.update(
            waiver_id=waiver.pk,
            gate=criterion.gate.key,
            criterion=criterion.key,
            expires_on=expires_on.isoformat(),
        )
        log_decision(
            programme,
            DecisionKind.WAIVER,
            waiver,
            summary=f"Waived until {expires_on:%Y-%m-%d}: {criterion.title} "
            f"({criterion.gate.name})",
            outcome="waived",
            decided_by=person,
            decided_at=granted_at,
            rationale=reason,
            evidence=evidence,
            recorded_by=recorded_by,
            signature=signature,
        )
    logger.info(
        "criterion %s of gate %s waived until %s by %s",
        criterion.key,
        criterion.gate.key,
        expires_on,
        person.name,
    )
    return waiver


def sign_waiver(criterion: Criterion, user, password: str, reason: str, expires_on) -> Waiver:
    """A PMO or sponsor waives a criterion with an electronic signature (password re-entered).

    Call outside any transaction: refusals are committed to the audit trail
    (see caregate.audit.signatures) and raise SignatureRefused.
    """
    programme = criterion.gate.programme
    attempted = {"meaning": "waived", "criterion": criterion.key}
    check_signer(user, password, criterion, **attempted)
    person = (
        Person.objects.filter(programme=programme, user=user, roles__role__in=WAIVER_ROLES)
        .distinct()
        .first()
    )
    if person is None:
        refuse(user, criterion, "neither PMO nor sponsor in the programme", **attempted)
    now = timezone.now()
    _check_waiver(criterion, person, reason, expires_on, now)
    with transaction.atomic():
        signature = record_signature(
            user, criterion, "waived", reason, details={"expires_on": expires_on.isoformat()}
        )
        return grant_waiver(
            criterion,
            person,
            reason,
            expires_on,
            granted_at=signature.signed_at,
            recorded_by=user,
            signature=signature,
        )


def active_waiver(criterion: Criterion, as_of: dt.datetime) -> Waiver | None:
    """The waiver of the criterion in force at ``as_of`` (the latest-expiring one), if any."""
    return (
        Waiver.objects.filter(
            criterion=criterion, granted_at__lte=as_of, expires_on__gte=site_date(as_of)
        )
        .select_related("granted_by")
        .order_by("-expires_on", "-id")
        .first()
    )


def honour_waivers(criterion: Criterion, evaluation, as_of: dt.datetime):
    """Assessment hook: a criterion that fails while a waiver is in force passes as waived.

    The stored result keeps what was measured; its reason says who waived it,
    until when and why, followed by the failure the waiver covers, and its
    evidence names the waiver. A criterion that passes is left as it is.
    """
    if evaluation.outcome == CriterionResult.Outcome.PASS:
        return evaluation
    waiver = active_waiver(criterion, as_of)
    if waiver is None:
        return evaluation
    reason = (
        f"Waived until {waiver.expires_on:%Y-%m-%d} by {waiver.granted_by.name}: "
        f"{waiver.reason} Without the waiver: {evaluation.outcome} — {evaluation.reason}"
    )
    evidence = {
        **evaluation.evidence,
        "waiver": {
            "id": waiver.pk,
            "expires_on": waiver.expires_on.isoformat(),
            "granted_by": waiver.granted_by.name,
            "outcome_without_waiver": evaluation.outcome,
        },
    }
    return replace(
        evaluation,
        outcome=CriterionResult.Outcome.PASS,
        measured_text=f"waived ({evaluation.measured_text})",
        reason=reason,
        evidence=evidence,
    )


# -- corrections --------------------------------------------------------------------------


def correct_entry(
    entry: DecisionLogEntry,
    person: Person,
    rationale: str,
    *,
    summary: str | None = None,
    outcome: str | None = None,
    evidence: dict[str, Any] | None = None,
    recorded_by=None,
) -> DecisionLogEntry:
    """Record a correction of ``entry`` as a new entry pointing at it; return the new entry.

    The corrector is the person who took the original decision, or a PMO or
    sponsor of the programme. The correction says why (``rationale``) and
    carries the corrected summary, outcome and evidence (unchanged ones are
    copied from the original).
    """
    if person.programme_id != entry.programme_id:
        raise DecisionRefused(f"{person} is not part of programme {entry.programme.key}")
    if person.pk != entry.decided_by_id and not _holds_any_role(person, CORRECTOR_ROLES):
        raise DecisionRefused(
            f"{person} neither took decision {entry.reference} nor is PMO or sponsor"
        )
    if not rationale.strip():
        raise DecisionRefused("a correction needs a reason")
    corrected_evidence = dict(entry.evidence)
    corrected_evidence.update(evidence or {})
    return log_decision(
        entry.programme,
        entry.kind,
        AuditTarget(entry.subject_model, entry.subject_id, entry.subject_repr),
        summary=summary or entry.summary,
        outcome=outcome or entry.outcome,
        decided_by=person,
        decided_at=timezone.now(),
        rationale=rationale,
        evidence=corrected_evidence,
        recorded_by=recorded_by,
        corrects=entry,
    )
