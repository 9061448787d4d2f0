"""Training registers as spreadsheets: trainees, completions, courses, champions, impacts.

``training-trainees`` and ``training-completions`` are what a learning
management system exports (one row per enrolment, one row per course
completion); the stable keys are the training system's Trainee id and
(Trainee id, Course code, Completed on). Roles, courses and trainees are
written by name, code or id. The spreadsheet framework only resolves people,
sites and workstreams while it validates, so these names are resolved while
the rows are applied: every unknown name in the file is collected and the
import is then rejected as a whole (nothing stored), each problem naming the
column and the row's key.

TODO: report these problems with their row numbers once the spreadsheet framework
lets a register add lookup kinds (training roles, courses, trainees) of its own.

Multi-valued cells (a course's roles, an impact's roles and sites) are
separated by semicolons. Importing never deletes records missing from the file.
"""

from __future__ import annotations

from caregate.spreadsheets.problems import CellError, ImportRejected, Problem
from caregate.spreadsheets.schema import (
    Batch,
    Column,
    SheetSchema,
    choices_from,
    normalise,
    register_schema,
    touch_updated_at,
)
from caregate.training.models import (
    Champion,
    ChangeImpact,
    Completion,
    Course,
    Trainee,
    TrainingRole,
)

SEPARATOR = ";"


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]


def _roles_by_name(programme) -> dict[str, TrainingRole]:
    index = {}
    for role in TrainingRole.objects.filter(programme=programme):
        index[normalise(role.name)] = role
        index[normalise(role.key)] = role
    return index


def _problem(batch: Batch, schema: SheetSchema, heading: str, message: str) -> None:
    batch.state.setdefault("problems", []).append(
        Problem(schema.sheet_name, message, schema.sheet_name, None, heading)
    )


def _reject_if_problems(batch: Batch) -> None:
    """Raised inside the import's transaction: nothing of the file is kept."""
    problems = batch.state.get("problems")
    if problems:
        raise ImportRejected(problems)


def _resolve_role(batch, schema, heading, text, key_label):
    role = batch.state["roles"].get(normalise(text))
    if role is None:
        allowed = ", ".join(sorted({r.name for r in batch.state["roles"].values()}))
        _problem(
            batch,
            schema,
            heading,
            f"{key_label}: {text!r} is not a training role "
            f"of this programme; use one of: {allowed}",
        )
    return role


def _diff_set(instance, values: dict, existing, fields) -> dict:
    changes = {}
    for name in fields:
        if name not in values:
            continue
        new = values[name]
        old = getattr(instance, name, None) if existing is not None else None
        old_cmp = old.pk if hasattr(old, "pk") else old
        new_cmp = new.pk if hasattr(new, "pk") else new
        if existing is None or old_cmp != new_cmp:
            changes[name] = (old_cmp, new_cmp)
            setattr(instance, name, new)
    return changes


def _bulk_write(model, created, updated):
    if created:
        model.objects.bulk_create(created, batch_size=1000)
    if updated:
        fields = sorted({name for _instance, changes in updated for name in changes})
        instances = [instance for instance, _changes in updated]
        touch_updated_at(model, instances, fields)
        model.objects.bulk_update(instances, fields, batch_size=1000)


# --- trainees ---------------------------------------------------------------------------


def trainee_rows(programme):
    for trainee in Trainee.objects.filter(programme=programme).select_related("site", "role"):
        yield {
            "trainee_id": trainee.trainee_id,
            "name": trainee.name,
            "site": trainee.site,
            "role": trainee.role.name,
            "active": trainee.active,
        }


def stored_trainees(programme, batch: Batch) -> dict:
    batch.state["roles"] = _roles_by_name(programme)
    return {
        TRAINEES.key_of({"trainee_id": each.trainee_id}): each
        for each in Trainee.objects.filter(programme=programme)
    }


def apply_trainee(programme, values: dict, existing, batch: Batch):
    instance = existing if existing is not None else Trainee(programme=programme)
    values = dict(values)
    if values.get("active") is None:
        values["active"] = True
    role = _resolve_role(batch, TRAINEES, "Role", values["role"], values["trainee_id"])
    values["role"] = role
    if role is None:
        return instance, {}
    changes = _diff_set(
        instance, values, existing, ("trainee_id", "name", "site", "role", "active")
    )
    return instance, changes


def write_trainees(batch: Batch, created: list, updated: list) -> None:
    _reject_if_problems(batch)
    _bulk_write(Trainee, created, updated)


TRAINEES = register_schema(
    SheetSchema(
        key="training-trainees",
        title="Training: trainees",
        sheet_name="Trainees",
        model=Trainee,
        key_columns=("trainee_id",),
        columns=(
            Column(
                "Trainee id",
                "trainee_id",
                required=True,
                help="The id in the training system or HR, e.g. EMP-004512.",
                width=16,
            ),
            Column("Name", "name", required=True, width=28),
            Column("Site", "site", "site", required=True, help="Site code or name."),
            Column("Role", "role", required=True, help="A training role (name or key).", width=26),
            Column("Active", "active", "boolean", help="no for leavers; blank means yes."),
        ),
        rows=trainee_rows,
        apply=apply_trainee,
        stored=stored_trainees,
        write=write_trainees,
        description="People to be trained, one row per trainee with their site and role.",
    )
)


# --- completions ------------------------------------------------------------------------


def completion_rows(programme):
    completions = (
        Completion.objects.filter(trainee__programme=programme)
        .select_related("trainee", "course")
        .order_by("trainee__trainee_id", "course__code", "completed_on")
    )
    for completion in completions:
        yield {
            "trainee": completion.trainee.trainee_id,
            "course": completion.course.code,
            "completed_on": completion.completed_on,
        }


def stored_completions(programme, batch: Batch) -> dict:
    trainees = {normalise(t.trainee_id): t for t in Trainee.objects.filter(programme=programme)}
    courses = {normalise(c.code): c for c in Course.objects.filter(programme=programme)}
    batch.state.update(trainees=trainees, courses=courses)
    trainee_ids = {t.pk: t.trainee_id for t in trainees.values()}
    course_codes = {c.pk: c.code for c in courses.values()}
    stored = {}
    for completion in Completion.objects.filter(trainee__programme=programme):
        values = {
            "trainee": trainee_ids[completion.trainee_id],
            "course": course_codes[completion.course_id],
            "completed_on": completion.completed_on,
        }
        stored[COMPLETIONS.key_of(values)] = completion
    return stored


def apply_completion(programme, values: dict, existing, batch: Batch):
    if existing is not None:
        return existing, {}  # the key is the whole row
    label = f"{values['trainee']} / {values['course']}"
    trainee = batch.state["trainees"].get(normalise(values["trainee"]))
    course = batch.state["courses"].get(normalise(values["course"]))
    if trainee is None:
        _problem(
            batch,
            COMPLETIONS,
            "Trainee id",
            f"{label}: {values['trainee']!r} is not a "
            "trainee of this programme; import the trainees first",
        )
    if course is None:
        _problem(
            batch,
            COMPLETIONS,
            "Course code",
            f"{label}: {values['course']!r} is not a course of this programme",
        )
    completion = Completion(trainee=trainee, course=course, completed_on=values["completed_on"])
    changes = {
        "trainee": (None, values["trainee"]),
        "course": (None, values["course"]),
        "completed_on": (None, values["completed_on"]),
    }
    return completion, changes


def write_completions(batch: Batch, created: list, updated: list) -> None:
    _reject_if_problems(batch)
    Completion.objects.bulk_create(created, batch_size=2000)


COMPLETIONS = register_schema(
    SheetSchema(
        key="training-completions",
        title="Training: completions",
        sheet_name="Completions",
        model=Completion,
        key_columns=("trainee", "course", "completed_on"),
        columns=(
            Column("Trainee id", "trainee", required=True, width=16),
            Column("Course code", "course", required=True, width=14),
            Column("Completed on", "completed_on", "date", required=True),
        ),
        rows=completion_rows,
        apply=apply_completion,
        stored=stored_completions,
        write=write_completions,
        description="Course completions as a training system exports them.",
    )
)


# --- courses ----------------------------------------------------------------------------


def course_rows(programme):
    for course in Course.objects.filter(programme=programme).prefetch_related("roles"):
        yield {
            "code": course.code,
            "title": course.title,
            "workflow": course.workflow,
            "roles": f"{SEPARATOR} ".join(role.name for role in course.roles.all()),
            "duration_minutes": course.duration_minutes,
            "delivery": course.delivery,
        }


def stored_courses(programme, batch: Batch) -> dict:
    batch.state["roles"] = _roles_by_name(programme)
    batch.state["course_roles"] = {}
    courses = Course.objects.filter(programme=programme).prefetch_related("roles")
    return {COURSES.key_of({"code": course.code}): course for course in courses}


def apply_course(programme, values: dict, existing, batch: Batch):
    instance = existing if existing is not None else Course(programme=programme)
    values = dict(values)
    if values.get("duration_minutes") is None:
        values["duration_minutes"] = instance.duration_minutes or 60
    if not values.get("delivery"):
        values["delivery"] = instance.delivery or Course.Delivery.CLASSROOM
    roles = [
        _resolve_role(batch, COURSES, "Roles", name, values["code"])
        for name in _split(values.pop("roles", ""))
    ]
    changes = _diff_set(
        instance, values, existing, ("code", "title", "workflow", "duration_minutes", "delivery")
    )
    wanted = sorted(role.pk for role in roles if role is not None)
    before = sorted(role.pk for role in instance.roles.all()) if existing is not None else []
    if wanted != before:
        changes["roles"] = (before, wanted)
        batch.state["course_roles"][id(instance)] = (instance, [r for r in roles if r])
    return instance, changes


def write_courses(batch: Batch, created: list, updated: list) -> None:
    _reject_if_problems(batch)
    _bulk_write(
        Course,
        created,
        [
            (i, {k: v for k, v in c.items() if k != "roles"})
            for i, c in updated
            if set(c) - {"roles"}
        ],
    )
    for instance, roles in batch.state["course_roles"].values():
        instance.roles.set(roles)


COURSES = register_schema(
    SheetSchema(
        key="training-courses",
        title="Training: courses",
        sheet_name="Courses",
        model=Course,
        key_columns=("code",),
        columns=(
            Column("Code", "code", required=True, help="Stable key, e.g. PROC-101.", width=12),
            Column("Title", "title", required=True, width=40),
            Column("Workflow", "workflow", width=32),
            Column("Roles", "roles", help="Training roles, separated by semicolons.", width=40),
            Column("Duration (minutes)", "duration_minutes", "integer"),
            Column("Delivery", "delivery", "choice", choices=choices_from(Course.Delivery)),
        ),
        rows=course_rows,
        apply=apply_course,
        stored=stored_courses,
        write=write_courses,
        description="Role-based, workflow-specific courses and the roles that must take them.",
    )
)


# --- champions --------------------------------------------------------------------------


def champion_rows(programme):
    for champion in Champion.objects.filter(programme=programme).select_related(
        "site", "person", "role"
    ):
        yield {
            "site": champion.site,
            "person": champion.person,
            "role": champion.role.name if champion.role else "",
            "since": champion.since,
        }


def stored_champions(programme, batch: Batch) -> dict:
    batch.state["roles"] = _roles_by_name(programme)
    return {
        CHAMPIONS.key_of({"site": each.site_id, "person": each.person_id}): each
        for each in Champion.objects.filter(programme=programme)
    }


def apply_champion(programme, values: dict, existing, batch: Batch):
    instance = existing if existing is not None else Champion(programme=programme)
    values = dict(values)
    role_name = values.get("role")
    values["role"] = (
        _resolve_role(batch, CHAMPIONS, "Role", role_name, str(values["person"]))
        if role_name
        else None
    )
    changes = _diff_set(instance, values, existing, ("site", "person", "role", "since"))
    return instance, changes


def write_champions(batch: Batch, created: list, updated: list) -> None:
    _reject_if_problems(batch)
    _bulk_write(Champion, created, updated)


CHAMPIONS = register_schema(
    SheetSchema(
        key="training-champions",
        title="Training: local champions",
        sheet_name="Champions",
        model=Champion,
        key_columns=("site", "person"),
        columns=(
            Column("Site", "site", "site", required=True),
            Column("Champion", "person", "person", required=True, width=26),
            Column("Role", "role", help="Blank: champion for every role.", width=26),
            Column("Since", "since", "date"),
        ),
        rows=champion_rows,
        apply=apply_champion,
        stored=stored_champions,
        write=write_champions,
        description="The local champion(s) at each site.",
    )
)


# --- change impacts ---------------------------------------------------------------------


def impact_rows(programme):
    impacts = ChangeImpact.objects.filter(programme=programme).select_related("owner")
    for impact in impacts.prefetch_related("roles", "sites"):
        yield {
            "reference": impact.reference,
            "title": impact.title,
            "area": impact.area,
            "description": impact.description,
            "roles": f"{SEPARATOR} ".join(role.name for role in impact.roles.all()),
            "sites": f"{SEPARATOR} ".join(site.code for site in impact.sites.all()),
            "owner": impact.owner,
            "communication_status": impact.communication_status,
            "communicated_on": impact.communicated_on,
        }


def stored_impacts(programme, batch: Batch) -> dict:
    batch.state["roles"] = _roles_by_name(programme)
    batch.state["impact_links"] = {}
    impacts = ChangeImpact.objects.filter(programme=programme).prefetch_related("roles", "sites")
    return {IMPACTS.key_of({"reference": impact.reference}): impact for impact in impacts}


def apply_impact(programme, values: dict, existing, batch: Batch):
    instance = existing if existing is not None else ChangeImpact(programme=programme)
    values = dict(values)
    if not values.get("communication_status"):
        values["communication_status"] = ChangeImpact.Communication.PLANNED
    reference = values["reference"]
    roles = [
        _resolve_role(batch, IMPACTS, "Affected roles", name, reference)
        for name in _split(values.pop("roles", ""))
    ]
    sites = []
    for text in _split(values.pop("sites", "")):
        try:
            sites.append(batch.lookups.resolve("site", text))
        except CellError as exc:
            _problem(batch, IMPACTS, "Affected sites", f"{reference}: {exc}")
    changes = _diff_set(
        instance,
        values,
        existing,
        (
            "reference",
            "title",
            "area",
            "description",
            "owner",
            "communication_status",
            "communicated_on",
        ),
    )
    links = {"roles": [r for r in roles if r is not None], "sites": sites}
    for name, records in links.items():
        before = sorted(r.pk for r in getattr(instance, name).all()) if existing else []
        after = sorted(r.pk for r in records)
        if before != after:
            changes[name] = (before, after)
            batch.state["impact_links"].setdefault(id(instance), (instance, {}))[1][name] = records
    return instance, changes


def write_impacts(batch: Batch, created: list, updated: list) -> None:
    _reject_if_problems(batch)
    _bulk_write(
        ChangeImpact,
        created,
        [
            (i, {k: v for k, v in c.items() if k not in ("roles", "sites")})
            for i, c in updated
            if set(c) - {"roles", "sites"}
        ],
    )
    for instance, links in batch.state["impact_links"].values():
        for name, records in links.items():
            getattr(instance, name).set(records)


IMPACTS = register_schema(
    SheetSchema(
        key="training-change-impacts",
        title="Training: change impacts",
        sheet_name="Change impacts",
        model=ChangeImpact,
        key_columns=("reference",),
        columns=(
            Column("Reference", "reference", required=True, help="e.g. CI-007.", width=12),
            Column("Title", "title", required=True, width=40),
            Column(
                "What changes",
                "area",
                "choice",
                required=True,
                choices=choices_from(ChangeImpact.Area),
            ),
            Column("Description", "description", width=50),
            Column("Affected roles", "roles", help="Separated by semicolons.", width=36),
            Column(
                "Affected sites",
                "sites",
                help="Site codes separated by semicolons; blank means every site.",
                width=24,
            ),
            Column("Owner", "owner", "person", width=24),
            Column(
                "Communication",
                "communication_status",
                "choice",
                choices=choices_from(ChangeImpact.Communication),
            ),
            Column("Communicated on", "communicated_on", "date"),
        ),
        rows=impact_rows,
        apply=apply_impact,
        stored=stored_impacts,
        write=write_impacts,
        description="What changes for people, and whether they have been told.",
    )
)
