"""Creating programmes with the method's defaults."""

from __future__ import annotations

import logging

from django.db import transaction

from caregate.programmes.defaults import WORKSTREAMS
from caregate.programmes.models import Programme, Workstream

logger = logging.getLogger(__name__)


@transaction.atomic
def get_or_create_programme(key: str, name: str, **fields) -> Programme:
    """Return the programme with this key, creating it with the default method if new.

    A new programme gets the four workstreams, the ten stages, the four gates
    and their default criteria as its own rows.
    """
    # Imported here: gates depend on programmes, not the other way round;
    # creating a programme is the one place that seeds both.
    from caregate.gates.services import install_method

    programme, created = Programme.objects.get_or_create(key=key, defaults={"name": name, **fields})
    if created:
        for order, spec in enumerate(WORKSTREAMS, start=1):
            Workstream.objects.create(programme=programme, order=order, **spec)
        install_method(programme)
        logger.info("programme %s: created with the default method", programme.key)
    return programme
