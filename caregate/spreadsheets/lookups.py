"""Lookups: a person by name, a site by code or name, a workstream by key or name.

Each kind is read once per import (one query) and resolved in memory, so an
import's query count does not grow with its rows.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from caregate.programmes.models import Person, Site, Workstream
from caregate.spreadsheets.problems import CellError
from caregate.spreadsheets.schema import normalise


@dataclass(frozen=True)
class LookupKind:
    """How to find records of one kind in a programme and how to show one in a sheet."""

    noun: str
    queryset: Callable[[Any], Any]
    match_fields: tuple[str, ...]  # tried in this order; the first is the unambiguous one
    display: Callable[[Any], str]


LOOKUP_KINDS: dict[str, LookupKind] = {
    "person": LookupKind(
        "person",
        lambda programme: Person.objects.filter(programme=programme),
        ("name",),
        lambda person: person.name,
    ),
    "site": LookupKind(
        "site",
        lambda programme: Site.objects.filter(programme=programme),
        ("code", "name"),
        lambda site: site.code,
    ),
    "workstream": LookupKind(
        "workstream",
        lambda programme: Workstream.objects.filter(programme=programme),
        ("key", "name"),
        lambda workstream: workstream.name,
    ),
}


class LookupTable:
    """Every record of one kind in the programme, indexed by each accepted spelling."""

    def __init__(self, kind: LookupKind, records: list):
        self.kind = kind
        self.records = records
        self.index: dict[str, list] = {}
        for field_name in kind.match_fields:
            for record in records:
                spelling = normalise(getattr(record, field_name))
                bucket = self.index.setdefault(spelling, [])
                if record not in bucket:
                    bucket.append(record)

    def resolve(self, text: str):
        found = self.index.get(normalise(text), [])
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(sorted(self.kind.display(record) for record in found))
            raise CellError(f"{text!r} matches several {self.kind.noun}s ({names})")
        close = difflib.get_close_matches(normalise(text), list(self.index), n=1, cutoff=0.6)
        hint = ""
        if close:
            hint = f" (did you mean {self.kind.display(self.index[close[0]][0])!r}?)"
        raise CellError(f"{text!r} is not a {self.kind.noun} of this programme{hint}")

    def allowed(self) -> list[str]:
        return sorted(self.kind.display(record) for record in self.records)


class Lookups:
    """The lookup tables one import needs, each loaded on first use with one query."""

    def __init__(self, programme):
        self.programme = programme
        self._tables: dict[str, LookupTable] = {}

    def table(self, kind: str) -> LookupTable:
        if kind not in self._tables:
            spec = LOOKUP_KINDS[kind]
            self._tables[kind] = LookupTable(spec, list(spec.queryset(self.programme)))
        return self._tables[kind]

    def resolve(self, kind: str, text: str):
        return self.table(kind).resolve(text)


def display(kind: str, record) -> str:
    """How a looked-up record is written in an exported sheet."""
    if record is None:
        return ""
    return LOOKUP_KINDS[kind].display(record)
