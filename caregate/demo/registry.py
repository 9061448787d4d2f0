"""Register apps add their demo data to the demo programme through this registry.

A builder is ``builder(programme, people: dict[str, Person], as_of: datetime)``;
it runs inside the demo's transaction after the programme, people and gates
exist. Register one from the app's AppConfig.ready() with :func:`add_demo_builder`.
"""

from __future__ import annotations

from collections.abc import Callable

DEMO_BUILDERS: dict[str, Callable] = {}


def add_demo_builder(name: str, builder: Callable) -> None:
    DEMO_BUILDERS[name] = builder
