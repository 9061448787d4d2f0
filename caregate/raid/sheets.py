"""The RAID log as spreadsheets: one register (one sheet) per kind.

The spreadsheet framework maps one register to one sheet, so the RAID log is
four registers — ``raid-risks``, ``raid-assumptions``, ``raid-issues`` and
``raid-dependencies`` — each with its own import, export and template; the
stable key of each is its Reference (R-001, A-001, I-001, D-001). Importing
never deletes entries missing from the file. A risk's score is not a column
that can be imported: it is always likelihood x impact.

:func:`model_register` builds a schema for any register whose rows map
one-to-one onto model fields; the training registers use it too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from caregate.raid.models import Assumption, Dependency, Issue, Risk
from caregate.spreadsheets.schema import (
    Batch,
    Choice,
    Column,
    SheetSchema,
    choices_from,
    register_schema,
)


def _comparable(value):
    return value.pk if hasattr(value, "pk") else value


def model_register(
    *,
    key: str,
    title: str,
    sheet_name: str,
    model,
    columns: tuple[Column, ...],
    key_columns: tuple[str, ...] = ("reference",),
    queryset: Callable | None = None,
    prepare: Callable | None = None,
    coerce: dict[str, Callable] | None = None,
    derived: tuple[str, ...] = (),
    description: str = "",
    **extra,
) -> SheetSchema:
    """A schema whose columns are model fields of the same name (lookups as foreign keys).

    ``queryset(programme)`` gives the stored rows (default: the model's rows of the
    programme, lookups joined); ``coerce`` maps an attribute to a function turning the
    cell's value into the stored type (e.g. "3" into 3); ``prepare(instance)`` runs after
    a row is copied on and may set the ``derived`` fields (e.g. a score), whose changes
    are recorded and saved like the others.
    """
    coerce = coerce or {}
    field_names = [column.attribute for column in columns]
    related = [column.attribute for column in columns if column.is_lookup]

    def stored_rows(programme) -> Iterable:
        if queryset is not None:
            return queryset(programme)
        return model.objects.filter(programme=programme).select_related(*related)

    def rows(programme):
        for instance in stored_rows(programme):
            yield {name: getattr(instance, name) for name in field_names}

    def stored(programme, batch: Batch) -> dict:
        return {
            schema.key_of({name: getattr(each, name) for name in key_columns}): each
            for each in stored_rows(programme)
        }

    def apply(programme, values: dict, existing, batch: Batch):
        instance = existing if existing is not None else model(programme=programme)
        derived_before = {name: getattr(instance, name, None) for name in derived}
        changes = {}
        for name in field_names:
            if name not in values:
                continue  # a column left out of the file keeps what is stored
            new = values[name]
            if name in coerce and new not in (None, ""):
                new = coerce[name](new)
            old = getattr(instance, name, None) if existing is not None else None
            if existing is None or _comparable(old) != _comparable(new):
                if existing is not None or new not in (None, ""):
                    changes[name] = (_comparable(old), _comparable(new))
                setattr(instance, name, new)
        if prepare is not None:
            prepare(instance)
        for name in derived:
            old = derived_before[name] if existing is not None else None
            if changes and old != getattr(instance, name):
                changes[name] = (old, getattr(instance, name))
        return instance, changes

    schema = SheetSchema(
        key=key,
        title=title,
        sheet_name=sheet_name,
        model=model,
        key_columns=key_columns,
        columns=columns,
        rows=rows,
        apply=apply,
        stored=stored,
        description=description,
        **extra,
    )
    return register_schema(schema)


def _common(prefix: str) -> tuple[Column, ...]:
    return (
        Column("Reference", "reference", required=True, help=f"Stable key, e.g. {prefix}-001."),
        Column("Title", "title", required=True, width=40),
        Column("Description", "description", width=50),
        Column("Owner", "owner", "person", help="A person of the programme (name).", width=24),
        Column("Workstream", "workstream", "workstream", width=26),
    )


RATINGS = tuple(Choice(str(value), str(value)) for value in range(1, 6))


def _score(risk: Risk) -> None:
    risk.score = risk.likelihood * risk.impact


RISKS = model_register(
    key="raid-risks",
    title="RAID: risks",
    sheet_name="Risks",
    model=Risk,
    columns=(
        *_common("R"),
        Column(
            "Likelihood",
            "likelihood",
            "choice",
            required=True,
            choices=RATINGS,
            help="1 rare … 5 almost certain.",
        ),
        Column(
            "Impact",
            "impact",
            "choice",
            required=True,
            choices=RATINGS,
            help="1 negligible … 5 severe.",
        ),
        Column("Mitigation", "mitigation", width=50),
        Column("Trigger", "trigger", width=40),
        Column("Status", "status", "choice", required=True, choices=choices_from(Risk.Status)),
    ),
    prepare=_score,
    coerce={"likelihood": int, "impact": int},
    derived=("score",),
    description="Risks with likelihood and impact (1-5); the score is their product.",
)

ASSUMPTIONS = model_register(
    key="raid-assumptions",
    title="RAID: assumptions",
    sheet_name="Assumptions",
    model=Assumption,
    columns=(
        *_common("A"),
        Column("Validate by", "validation_date", "date"),
        Column(
            "Status", "status", "choice", required=True, choices=choices_from(Assumption.Status)
        ),
    ),
    description="Assumptions the plan rests on, with who validates them and by when.",
)

ISSUES = model_register(
    key="raid-issues",
    title="RAID: issues",
    sheet_name="Issues",
    model=Issue,
    columns=(
        *_common("I"),
        Column(
            "Severity", "severity", "choice", required=True, choices=choices_from(Issue.Severity)
        ),
        Column("Due date", "due_date", "date"),
        Column(
            "Escalation level",
            "escalation_level",
            "choice",
            required=True,
            choices=choices_from(Issue.Escalation, {"steering_committee": ("SteerCo",)}),
        ),
        Column("Status", "status", "choice", required=True, choices=choices_from(Issue.Status)),
    ),
    description="Issues with severity, due date and escalation level.",
)

DEPENDENCIES = model_register(
    key="raid-dependencies",
    title="RAID: dependencies",
    sheet_name="Dependencies",
    model=Dependency,
    columns=(
        *_common("D"),
        Column(
            "Depends on",
            "depends_on",
            required=True,
            width=36,
            help="What or whom the programme waits for.",
        ),
        Column("Needed by", "needed_by", "date"),
        Column(
            "Status", "status", "choice", required=True, choices=choices_from(Dependency.Status)
        ),
    ),
    description="What the programme needs from others, and by when.",
)
