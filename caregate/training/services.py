"""Training register business rules: default roles, audited changes to impacts and champions."""

from __future__ import annotations

import logging

from django.db import transaction

from caregate.audit.services import audited_create, audited_delete, audited_update, field_values
from caregate.training.models import DEFAULT_ROLES, Champion, ChangeImpact, TrainingRole

logger = logging.getLogger(__name__)


def ensure_default_roles(programme) -> list[TrainingRole]:
    """Give a programme the seven default training roles it does not have yet (by key)."""
    existing = set(programme.training_roles.values_list("key", flat=True))
    created = [
        TrainingRole(
            programme=programme, key=key, name=str(name), description=str(text), order=order
        )
        for order, (key, name, text) in enumerate(DEFAULT_ROLES, start=1)
        if key not in existing
    ]
    TrainingRole.objects.bulk_create(created)
    if created:
        logger.info("programme %s: %d default training roles", programme.key, len(created))
    return created


def _set_relations(instance, relations: dict) -> dict:
    """Set many-to-many fields; return {name: [before ids, after ids]} for those that changed."""
    changes = {}
    for name, records in relations.items():
        manager = getattr(instance, name)
        before = sorted(manager.values_list("pk", flat=True))
        after = sorted(record.pk for record in records)
        if before != after:
            manager.set(records)
            changes[name] = [before, after]
    return changes


@transaction.atomic
def save_change_impact(programme, impact: ChangeImpact | None, values: dict, actor, reason=""):
    """Create or change a change impact from validated values (roles and sites included)."""
    from caregate.audit.services import record

    relations = {name: values.pop(name) for name in ("roles", "sites") if name in values}
    if impact is None:
        impact = ChangeImpact(programme=programme, **values)
        audited_create(impact, actor, reason=reason)
        changes = _set_relations(impact, relations)
        if changes:
            record(actor, "update", impact, changes=changes, reason=reason)
        return impact
    impact = ChangeImpact.objects.select_for_update().get(pk=impact.pk)
    before = field_values(impact)
    for name, value in values.items():
        setattr(impact, name, value)
    audited_update(impact, actor, before, reason=reason)
    changes = _set_relations(impact, relations)
    if changes:
        record(actor, "update", impact, changes=changes, reason=reason)
    return impact


@transaction.atomic
def name_champion(programme, site, person, actor, *, role=None, since=None, reason=""):
    """Name a local champion at a site (audited)."""
    champion = Champion(programme=programme, site=site, person=person, role=role, since=since)
    audited_create(champion, actor, reason=reason)
    logger.info("programme %s: champion %s at %s", programme.key, person.pk, site.code)
    return champion


def remove_champion(champion: Champion, actor, reason: str):
    """Withdraw a champion; the audit trail keeps who it was."""
    return audited_delete(champion, actor, reason)
