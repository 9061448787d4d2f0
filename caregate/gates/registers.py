"""Register conditions: criteria that read the programme's own registers.

Each condition returns the records that violate it; a criterion of kind
"register" passes when that list is empty. Later registers (gaps,
customizations, training ...) add their conditions here with ``@condition``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from caregate.programmes.models import Programme, Role


@dataclass
class RegisterFinding:
    """The records that break a register condition."""

    model: str  # Caregate model label, e.g. "programmes.workstream"
    record_ids: list[int]
    labels: list[str]
    rule: str  # the condition in words, shown as the evidence


CONDITIONS: dict[str, Callable[[Programme], RegisterFinding]] = {}


def condition(key: str):
    def decorator(function: Callable[[Programme], RegisterFinding]):
        if not function.__doc__:
            raise ValueError(f"register condition {key} has no written definition")
        CONDITIONS[key] = function
        return function

    return decorator


@condition("workstreams_without_process_owner")
def workstreams_without_process_owner(programme: Programme) -> RegisterFinding:
    """Workstreams of the programme with nobody holding the process-owner role for them."""
    workstreams = list(
        programme.workstreams.exclude(roles__role=Role.PROCESS_OWNER).order_by("order", "id")
    )
    return RegisterFinding(
        model="programmes.workstream",
        record_ids=[workstream.id for workstream in workstreams],
        labels=[workstream.name for workstream in workstreams],
        rule="workstream has no RoleAssignment with role=process_owner",
    )


@condition("gates_without_primary_owner")
def gates_without_primary_owner(programme: Programme) -> RegisterFinding:
    """Gates of the programme whose primary owner is not a named person."""
    gates = list(programme.gates.filter(primary_owner__isnull=True).order_by("order"))
    return RegisterFinding(
        model="gates.gate",
        record_ids=[gate.id for gate in gates],
        labels=[str(gate.name) for gate in gates],
        rule="gate.primary_owner is empty",
    )
