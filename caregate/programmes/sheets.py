"""The "people" register as a spreadsheet: the programme's people and their roles.

One row per role assignment (Name, E-mail, Job title, Role, Workstream, Site).
A role can be held for one workstream or one site, and a PMO filters, sorts
and pivots by role; a "Roles" cell would need a private mini-language such as
"Process owner (Procurement); Data steward (AMC)" that Excel can neither
validate with a drop-down nor filter. A person without a role yet has one row
with the Role left blank.

The stable key is Name + Role + Workstream + Site (the same uniqueness the
database keeps). E-mail and Job title describe the person: they may be given
on any of the person's rows; blank cells on the other rows mean "the same";
two different values for one person are a problem. Importing never deletes
people or roles missing from the file.

Registered when the spreadsheets app is ready (caregate.spreadsheets.apps).
"""

from __future__ import annotations

from caregate.programmes.models import Person, Role, RoleAssignment
from caregate.spreadsheets.schema import (
    Batch,
    Column,
    SheetSchema,
    choices_from,
    normalise,
    register_schema,
    touch_updated_at,
)

PERSON_FIELDS = ("name", "email", "job_title")

ROLE_CHOICES = choices_from(
    Role,
    synonyms={
        Role.SPONSOR: ("Sponsor", "Program sponsor"),
        Role.PMO: ("Programme office", "Program office", "Programme management office"),
        Role.DESIGN_AUTHORITY: ("DA",),
        Role.PROCESS_OWNER: ("PO", "Business process owner"),
        Role.STEERING_COMMITTEE: ("SteerCo", "Steering committee", "SteerCo member"),
        Role.CUTOVER_MANAGER: ("Cut-over manager",),
    },
)

COLUMNS = (
    Column(
        "Name",
        "name",
        "text",
        required=True,
        max_length=200,
        help="Full name, as people know them.",
    ),
    Column("E-mail", "email", "email", max_length=254, help="Work e-mail address.", width=32),
    Column(
        "Job title",
        "job_title",
        "text",
        max_length=200,
        help="Job title in the organisation.",
        width=28,
    ),
    Column(
        "Role",
        "role",
        "choice",
        choices=ROLE_CHOICES,
        help="Programme role; blank for someone without a role yet.",
        width=26,
    ),
    Column(
        "Workstream",
        "workstream",
        "workstream",
        help="Only when the role is for one workstream (its key or name).",
        width=26,
    ),
    Column(
        "Site",
        "site",
        "site",
        help="Only when the role is for one site (its code or name).",
        width=16,
    ),
)


def people_rows(programme):
    """Export rows: each role assignment, then one row for each person without a role."""
    people = (
        Person.objects.filter(programme=programme)
        .prefetch_related("roles__workstream", "roles__site")
        .order_by("name", "id")
    )
    for person in people:
        base = {"name": person.name, "email": person.email, "job_title": person.job_title}
        assignments = sorted(
            person.roles.all(),
            key=lambda item: (item.role, item.workstream_id or 0, item.site_id or 0),
        )
        if not assignments:
            yield {**base, "role": "", "workstream": None, "site": None}
        for assignment in assignments:
            yield {
                **base,
                "role": assignment.role,
                "workstream": assignment.workstream,
                "site": assignment.site,
            }


def stored_people(programme, batch: Batch) -> dict[tuple, object]:
    """Role assignments by (name, role, workstream, site); every person by (name, -, -, -)."""
    people = {
        normalise(person.name): person for person in Person.objects.filter(programme=programme)
    }
    batch.state["people"] = people
    batch.state["changed_people"] = {}
    by_id = {person.pk: person for person in people.values()}
    stored: dict[tuple, object] = {
        PEOPLE.key_of({"name": person.name}): person for person in people.values()
    }
    for assignment in RoleAssignment.objects.filter(person__programme=programme):
        assignment.person = by_id[assignment.person_id]
        values = {
            "name": assignment.person.name,
            "role": assignment.role,
            "workstream": assignment.workstream_id,
            "site": assignment.site_id,
        }
        stored[PEOPLE.key_of(values)] = assignment
    return stored


def apply_person_row(programme, values: dict, existing, batch: Batch):
    """Update (or create) the row's person, and create its role assignment if new."""
    people = batch.state["people"]
    person = people.get(normalise(values["name"]))
    changes: dict[str, tuple] = {}
    is_new = person is None
    if person is None:
        person = Person(programme=programme)
        people[normalise(values["name"])] = person
    for attribute in PERSON_FIELDS:
        if attribute in values and (is_new or getattr(person, attribute) != values[attribute]):
            changes[attribute] = (None if is_new else getattr(person, attribute), values[attribute])
            setattr(person, attribute, values[attribute])
    if changes and person.pk is not None:
        batch.state["changed_people"].setdefault(id(person), (person, set()))[1].update(changes)
    if not values.get("role"):
        return person, changes
    if existing is not None:
        # The key is the whole assignment, so only the person can have changed: name the
        # person as the changed record (the audit trail shows it on the person).
        return (person if changes else existing), changes
    assignment = RoleAssignment(
        person=person,
        role=values["role"],
        workstream=values.get("workstream"),
        site=values.get("site"),
    )
    changes.update(
        role=(None, assignment.role),
        workstream=(None, assignment.workstream),
        site=(None, assignment.site),
    )
    return assignment, changes


def write_people(batch: Batch, created: list, updated: list) -> None:
    """Create new people, update changed ones, then create the new role assignments."""
    people = batch.state["people"].values()
    Person.objects.bulk_create([person for person in people if person.pk is None], batch_size=1000)
    changed = list(batch.state["changed_people"].values())
    if changed:
        fields = sorted({name for _person, names in changed for name in names})
        instances = [person for person, _names in changed]
        touch_updated_at(Person, instances, fields)
        Person.objects.bulk_update(instances, fields, batch_size=1000)
    assignments = [item for item in created if isinstance(item, RoleAssignment)]
    for assignment in assignments:
        assignment.person = assignment.person  # copy the new person's id onto person_id
    RoleAssignment.objects.bulk_create(assignments, batch_size=1000)


def check_people(rows: list) -> list[tuple[int, str | None, str]]:
    """One e-mail and job title per person; blanks take the person's value from other rows.

    A workstream or site without a role is refused: it would scope nothing.
    """
    problems = []
    known: dict[str, dict[str, tuple[str, int]]] = {}
    headings = {"email": "E-mail", "job_title": "Job title"}
    for row in rows:
        values = row.values
        if not values.get("role") and (values.get("workstream") or values.get("site")):
            problems.append((row.number, "Role", "a workstream or site needs a role"))
        person = known.setdefault(normalise(values["name"]), {})
        for attribute, heading in headings.items():
            value = values.get(attribute)
            if not value:
                continue
            first = person.setdefault(attribute, (value, row.number))
            if first[0] != value:
                problems.append(
                    (
                        row.number,
                        heading,
                        f"{value!r} differs from {first[0]!r} given for "
                        f"{values['name']} on row {first[1]}",
                    )
                )
    for row in rows:
        person = known[normalise(row.values["name"])]
        for attribute in headings:
            if attribute in row.values and not row.values[attribute] and attribute in person:
                row.values[attribute] = person[attribute][0]
    return problems


PEOPLE = register_schema(
    SheetSchema(
        key="people",
        title="People and roles",
        sheet_name="People",
        model=RoleAssignment,
        also_writes=(Person,),
        key_columns=("name", "role", "workstream", "site"),
        columns=COLUMNS,
        rows=people_rows,
        apply=apply_person_row,
        stored=stored_people,
        write=write_people,
        check=check_people,
        description="The programme's people, one row per role they hold.",
    )
)
