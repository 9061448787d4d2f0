"""Declarative register schemas: which columns a register's sheet has and how rows are stored.

A register (people, gaps, RAID, training ...) declares one :class:`SheetSchema`
and calls :func:`register_schema` at import time of its ``sheets`` module. The
engine (reader, importer, exporter) does the rest: reading, validating every
row, upserting by the stable key, exporting with drop-downs.

How a schema stores rows
------------------------
``stored(programme, batch)`` returns the register's current records keyed by
their stable key (built with :meth:`SheetSchema.key_of` from a values dict);
``apply(programme, values, existing, batch)`` copies one validated row onto the
stored record (``existing``) or a new unsaved one and returns
``(instance, changes)``, where ``changes`` maps each field it changed to
``(old, new)`` and is empty when the row matches what is stored. Nothing is
saved there: ``write(batch, created, updated)`` saves everything in bulk (the
default does ``bulk_create`` and ``bulk_update`` on ``model``). ``batch.state``
lets a schema share objects between rows of one import (e.g. one Person for
several role rows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

KINDS = (
    "text",
    "integer",
    "decimal",
    "date",
    "choice",
    "boolean",
    "email",
    # Lookups: resolved within the programme (see caregate.spreadsheets.lookups).
    "person",
    "site",
    "workstream",
)
LOOKUP_KINDS = ("person", "site", "workstream")


@dataclass(frozen=True)
class Choice:
    """An allowed value: what is stored, what is shown, and other spellings accepted."""

    value: str
    label: str
    synonyms: tuple[str, ...] = ()

    def spellings(self) -> list[str]:
        return [str(self.label), self.value, *self.synonyms]


def choices_from(
    text_choices: type[models.TextChoices], synonyms: dict[str, Sequence[str]] | None = None
) -> tuple[Choice, ...]:
    """Choices for a Django TextChoices, with extra accepted spellings per stored value."""
    synonyms = synonyms or {}
    return tuple(
        Choice(value, label, tuple(synonyms.get(value, ())))
        for value, label in text_choices.choices
    )


@dataclass(frozen=True)
class Column:
    """One column of a register's sheet: its heading, where the value goes and its kind."""

    heading: str
    attribute: str
    kind: str = "text"
    required: bool = False
    choices: tuple[Choice, ...] | None = None
    help: str = ""
    width: int | None = None  # export column width in characters (default from the heading)
    max_length: int | None = None  # for text and e-mail: the longest value the field holds

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.heading!r}: unknown kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"column {self.heading!r}: a choice column needs choices")

    @property
    def is_lookup(self) -> bool:
        return self.kind in LOOKUP_KINDS

    def choice_index(self) -> dict[str, Choice]:
        """Every accepted spelling, case-folded, to its choice."""
        index: dict[str, Choice] = {}
        for choice in self.choices or ():
            for spelling in choice.spellings():
                index.setdefault(normalise(spelling), choice)
        return index

    def label_of(self, value: Any) -> str:
        for choice in self.choices or ():
            if choice.value == value:
                return str(choice.label)
        return "" if value is None else str(value)


def normalise(text: str) -> str:
    """Case- and space-insensitive form used to compare headings, choices and names."""
    return " ".join(str(text).split()).casefold()


def key_part(value: Any) -> Any:
    """The comparable form of one key value: text case-folded, records by primary key."""
    if value is None or value == "":
        return None
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str):
        return normalise(value)
    return value


@dataclass
class Batch:
    """One import under way: the programme, who imports, prefetched lookups, shared state."""

    programme: Any
    user: Any
    lookups: Any = None
    state: dict[str, Any] = field(default_factory=dict)


def _attname(model, attribute: str) -> str:
    """The attribute holding a field's stored value (``site_id`` for a foreign key ``site``)."""
    return model._meta.get_field(attribute).attname


def default_stored(schema: SheetSchema, programme) -> dict[tuple, Any]:
    """Every record of the schema's model in the programme, by stable key (one query)."""
    attnames = {attribute: _attname(schema.model, attribute) for attribute in schema.key_columns}
    return {
        schema.key_of(
            {attribute: getattr(instance, attnames[attribute]) for attribute in schema.key_columns}
        ): instance
        for instance in schema.model.objects.filter(programme=programme)
    }


def default_apply(schema: SheetSchema, programme, values: dict[str, Any], existing):
    """Copy each value onto the model field of the same name; report what changed."""
    instance = existing if existing is not None else schema.model(programme=programme)
    changes: dict[str, tuple] = {}
    for attribute, value in values.items():
        attname = _attname(schema.model, attribute)
        old = getattr(instance, attname)
        new = value.pk if isinstance(value, models.Model) else value
        if existing is None or old != new:
            changes[attribute] = (old, new)
            setattr(instance, attribute, value)
    return instance, changes


def default_write(schema: SheetSchema, batch: Batch, created: list, updated: list) -> None:
    """Save new instances with bulk_create and changed ones with bulk_update."""
    model = schema.model
    if created:
        model.objects.bulk_create(created, batch_size=1000)
    if updated:
        fields = sorted({name for _instance, changes in updated for name in changes})
        instances = [instance for instance, _changes in updated]
        touch_updated_at(model, instances, fields)
        model.objects.bulk_update(instances, fields, batch_size=1000)


def touch_updated_at(model, instances: list, fields: list[str]) -> None:
    """bulk_update skips auto_now; set updated_at by hand where the model has one."""
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for instance in instances:
            instance.updated_at = now
        if "updated_at" not in fields:
            fields.append("updated_at")


@dataclass(frozen=True)
class SheetSchema:
    """A register as a sheet: columns, stable key, export rows and how a row is stored."""

    key: str
    title: str
    sheet_name: str
    model: type[models.Model]
    key_columns: tuple[str, ...]  # attributes forming the stable key
    columns: tuple[Column, ...]
    rows: Callable[[Any], Iterable[dict[str, Any]]]
    #: Default: set each value on the model's field of the same name (see default_apply).
    apply: Callable[[Any, dict[str, Any], Any, Batch], tuple[Any, dict]] | None = None
    #: Default: every record of ``model`` whose ``programme`` is the programme.
    stored: Callable[[Any, Batch], dict[tuple, Any]] | None = None
    write: Callable[[Batch, list, list], None] | None = None
    #: Rules across rows, e.g. one person with two e-mail addresses: (rows) -> problems
    #: where rows are ParsedRow objects; returns (row number, column heading, message).
    check: Callable[[list], list[tuple[int, str | None, str]]] | None = None
    #: Other models an import writes to (their add/change permissions are needed too).
    also_writes: tuple[type[models.Model], ...] = ()
    description: str = ""

    def __post_init__(self):
        attributes = [column.attribute for column in self.columns]
        unknown = [key for key in self.key_columns if key not in attributes]
        if unknown:
            raise ValueError(f"schema {self.key}: key columns {unknown} are not columns")

    def column(self, attribute: str) -> Column:
        for column in self.columns:
            if column.attribute == attribute:
                return column
        raise KeyError(attribute)

    def key_of(self, values: dict[str, Any]) -> tuple:
        """The stable key of a row or stored record (missing key columns count as blank)."""
        return tuple(key_part(values.get(attribute)) for attribute in self.key_columns)

    def stored_records(self, programme, batch: Batch) -> dict[tuple, Any]:
        if self.stored is not None:
            return self.stored(programme, batch)
        return default_stored(self, programme)

    def apply_row(self, programme, values: dict[str, Any], existing, batch: Batch):
        if self.apply is not None:
            return self.apply(programme, values, existing, batch)
        return default_apply(self, programme, values, existing)

    def save(self, batch: Batch, created: list, updated: list) -> None:
        """Write new instances and ``(instance, changes)`` pairs of changed ones."""
        if self.write is not None:
            self.write(batch, created, updated)
        else:
            default_write(self, batch, created, updated)

    def permissions(self, *actions: str) -> list[str]:
        """Permission codes like ``programmes.add_person`` for the models this register writes."""
        codes = []
        for model in (self.model, *self.also_writes):
            meta = model._meta
            codes += [f"{meta.app_label}.{action}_{meta.model_name}" for action in actions]
        return codes


_REGISTRY: dict[str, SheetSchema] = {}


class UnknownRegister(LookupError):
    """No schema is registered under this key."""


def register_schema(schema: SheetSchema) -> SheetSchema:
    """Make a register importable and exportable under ``schema.key``."""
    existing = _REGISTRY.get(schema.key)
    if existing is not None and existing is not schema:
        raise ValueError(f"a register {schema.key!r} is already registered")
    _REGISTRY[schema.key] = schema
    return schema


def get_schema(key: str) -> SheetSchema:
    try:
        return _REGISTRY[key]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise UnknownRegister(f"no register {key!r} (registers: {known})") from None


def all_schemas() -> list[SheetSchema]:
    return sorted(_REGISTRY.values(), key=lambda schema: schema.key)


def unregister_schema(key: str) -> None:
    """Forget a register (for tests that declare their own)."""
    _REGISTRY.pop(key, None)


# Python types a converted cell can have, for type hints elsewhere.
CellValue = str | int | Decimal | dt.date | bool | models.Model | None
