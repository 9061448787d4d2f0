"""The demo programme: a fictional healthcare network rolling out Odoo in two waves.

The evidence side (an Odoo-shaped snapshot with planted defects) comes from
:mod:`caregate.demo.generator`; this module builds the governance side —
entities, sites, waves, people and their roles, gate owners, sign-offs and
the demo logins — and ties the two together.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from caregate.demo.registry import DEMO_BUILDERS
from caregate.evidence.snapshot import Snapshot
from caregate.gates.models import Assessment, Criterion, Gate, SignOff
from caregate.gates.services import record_signoff
from caregate.programmes.access import ensure_access_groups, grant_access
from caregate.programmes.models import (
    LegalEntity,
    Person,
    Programme,
    Role,
    RoleAssignment,
    Site,
    Wave,
)
from caregate.programmes.services import get_or_create_programme

logger = logging.getLogger(__name__)

DEMO_KEY = "northbridge"

ENTITIES = (
    (1, "Northbridge Health Group"),
    (2, "Northbridge General Hospital"),
    (3, "Northbridge Diagnostics Laboratory"),
    (4, "Elmwood Long-Term Care"),
)

SITES = (
    # code, name, kind, Odoo company id, warehouse code, wave
    ("cwh", "Central Warehouse", Site.Kind.WAREHOUSE, 1, "CWH", 1),
    ("ngh", "Northbridge General Hospital", Site.Kind.HOSPITAL, 2, "NGH", 1),
    ("ndl", "Northbridge Diagnostics Laboratory", Site.Kind.LABORATORY, 3, "NDL", 2),
    ("elc", "Elmwood Long-Term Care", Site.Kind.CARE_HOME, 4, "ELC", 2),
)

PEOPLE = (
    # name, job title, roles as (role, workstream key or None)
    ("Helena Marsh", "Chief Operating Officer", [(Role.SPONSOR, None)]),
    ("Tom Okafor", "Programme manager", [(Role.PMO, None)]),
    ("Priya Raman", "Solution architect", [(Role.SOLUTION_ARCHITECT, None)]),
    ("Martin Vogel", "Head of enterprise architecture", [(Role.DESIGN_AUTHORITY, None)]),
    ("Grace Lindqvist", "Director of supply chain", [(Role.PROCESS_OWNER, "procurement-supply")]),
    ("Samuel Adeyemi", "Financial controller", [(Role.PROCESS_OWNER, "finance-revenue")]),
    ("Ines Duarte", "Head of workforce planning", [(Role.PROCESS_OWNER, "workforce")]),
    (
        "Kofi Mensah",
        "Head of estates and biomedical engineering",
        [(Role.PROCESS_OWNER, "support-service")],
    ),
    ("Yara Haddad", "Data migration lead", [(Role.DATA_LEAD, None)]),
    ("Leo Brandt", "Item master data steward", [(Role.DATA_STEWARD, None)]),
    ("Anja Petrovic", "Test lead", [(Role.TEST_LEAD, None)]),
    ("Daniel Reyes", "Cutover manager", [(Role.CUTOVER_MANAGER, None)]),
    ("Mei Tanaka", "Hypercare lead", [(Role.HYPERCARE_LEAD, None)]),
    ("Ruth Cole", "Operations lead", [(Role.OPERATIONS_LEAD, None)]),
    ("Omar Farouk", "Service desk manager", [(Role.SUPPORT_MANAGER, None)]),
    ("Sara Nilsen", "Information security officer", [(Role.SECURITY_OFFICER, None)]),
)

GATE_OWNERS = {
    "design-authority": "Priya Raman",
    "migration-and-test": "Tom Okafor",
    "go-live": "Helena Marsh",
    "hypercare": "Ruth Cole",
}

#: Demo logins: username, person (None: not a programme member), access level.
LOGINS = (
    ("admin", None, "administrator"),
    ("sponsor", "Helena Marsh", "sponsor"),
    ("pmo", "Tom Okafor", "pmo"),
    ("owner", "Grace Lindqvist", "process_owner"),
    ("viewer", None, "viewer"),
)


@dataclass
class DemoLogin:
    username: str
    password: str
    access: str
    person: str | None


@transaction.atomic
def build_demo_programme(snapshot: Snapshot, as_of: dt.datetime) -> tuple[Programme, list]:
    """Replace the demo programme with a fresh one; return it and the demo logins."""
    _delete_demo_programme()
    programme = get_or_create_programme(
        DEMO_KEY,
        "Northbridge Health Group — Odoo rollout",
        organisation="Northbridge Health Group",
        currency="EUR",
        go_live_date=(as_of + dt.timedelta(days=60)).date(),
    )
    entities = {
        odoo_id: LegalEntity.objects.create(programme=programme, name=name, odoo_company_id=odoo_id)
        for odoo_id, name in ENTITIES
    }
    warehouse_ids = _warehouse_ids(snapshot)
    waves = {
        1: Wave.objects.create(
            programme=programme,
            number=1,
            name="Supply backbone and hospital",
            phasing=Wave.Phasing.SITE,
            go_live_date=programme.go_live_date,
        ),
        2: Wave.objects.create(
            programme=programme,
            number=2,
            name="Laboratory and long-term care",
            phasing=Wave.Phasing.SITE,
            go_live_date=programme.go_live_date + dt.timedelta(days=90),
        ),
    }
    for code, name, kind, company_id, warehouse_code, wave_number in SITES:
        site = Site.objects.create(
            programme=programme,
            entity=entities[company_id],
            code=code,
            name=name,
            kind=kind,
            odoo_warehouse_id=warehouse_ids.get(warehouse_code),
        )
        waves[wave_number].sites.add(site)
    for wave in waves.values():
        wave.workstreams.set(programme.workstreams.all())

    workstreams = {workstream.key: workstream for workstream in programme.workstreams.all()}
    people = {}
    for name, title, roles in PEOPLE:
        email = name.lower().replace(" ", ".") + "@northbridge.example"
        person = Person.objects.create(programme=programme, name=name, job_title=title, email=email)
        for role, workstream_key in roles:
            RoleAssignment.objects.create(
                person=person, role=role, workstream=workstreams.get(workstream_key)
            )
        people[name] = person

    for gate in programme.gates.all():
        gate.primary_owner = people[GATE_OWNERS[gate.key]]
        gate.save(update_fields=["primary_owner"])
    _assign_criterion_owners(programme)
    _record_demo_signoffs(programme, people, as_of)
    for name, builder in DEMO_BUILDERS.items():
        builder(programme, people, as_of)
        logger.info("demo programme %s: %s demo data added", programme.key, name)
    logins = _create_logins(people)
    logger.info("demo programme %s: built with %s people", programme.key, len(people))
    return programme, logins


def _delete_demo_programme() -> None:
    """Remove the previous demo programme; its protected records go first, in order."""
    programme = Programme.objects.filter(key=DEMO_KEY).first()
    if programme is None:
        return
    Assessment.objects.filter(programme=programme).delete()
    SignOff.objects.filter(gate__programme=programme).delete()
    # Register records that keep a site from being deleted (on_delete=RESTRICT) go first.
    for relation in Site._meta.related_objects:
        referencing = relation.related_model
        if relation.on_delete is models.RESTRICT and hasattr(referencing, "programme"):
            referencing.objects.filter(programme=programme).delete()
    Site.objects.filter(programme=programme).delete()
    programme.delete()


def _warehouse_ids(snapshot: Snapshot) -> dict[str, int]:
    table = snapshot.table("stock.warehouse", columns=["id", "code"]).to_pylist()
    return {row["code"]: row["id"] for row in table}


def _assign_criterion_owners(programme: Programme) -> None:
    """Each criterion is owned by the one person holding its owner role, if exactly one."""
    holders: dict[str, list[Person]] = {}
    for assignment in RoleAssignment.objects.filter(person__programme=programme).select_related(
        "person"
    ):
        holders.setdefault(assignment.role, []).append(assignment.person)
    for criterion in Criterion.objects.filter(gate__programme=programme):
        candidates = holders.get(criterion.owner_role, [])
        if len(candidates) == 1:
            criterion.owner = candidates[0]
            criterion.save(update_fields=["owner"])


def _record_demo_signoffs(programme: Programme, people: dict[str, Person], as_of) -> None:
    """Design is approved; security rejected go-live; the rest has not been signed yet."""
    gates = {gate.key: gate for gate in Gate.objects.filter(programme=programme)}
    record_signoff(
        gates["design-authority"],
        people["Priya Raman"],
        Role.SOLUTION_ARCHITECT,
        "approved",
        comment="Configuration-first design; two customizations reviewed.",
        signed_at=as_of - dt.timedelta(days=41),
    )
    record_signoff(
        gates["design-authority"],
        people["Martin Vogel"],
        Role.DESIGN_AUTHORITY,
        "approved",
        comment="Board approval, minutes DA-2026-14.",
        signed_at=as_of - dt.timedelta(days=40),
    )
    record_signoff(
        gates["go-live"],
        people["Sara Nilsen"],
        Role.SECURITY_OFFICER,
        "rejected",
        comment="Access review open: too many access-rights administrators and mixed users.",
        signed_at=as_of - dt.timedelta(days=2),
    )


def _create_logins(people: dict[str, Person]) -> list[DemoLogin]:
    """Create (or reset) the demo logins with fresh random passwords."""
    user_model = get_user_model()
    groups = ensure_access_groups()
    passwords = [secrets.token_urlsafe(12) for _login in LOGINS]
    # PBKDF2 releases the GIL: hashing the five passwords side by side halves the wait.
    with ThreadPoolExecutor(max_workers=len(LOGINS)) as pool:
        hashes = list(pool.map(make_password, passwords))
    logins = []
    for (username, person_name, access), password, hashed in zip(
        LOGINS, passwords, hashes, strict=True
    ):
        user, _created = user_model.objects.get_or_create(username=username)
        user.password = hashed
        user.is_superuser = access == "administrator"
        user.is_staff = access == "administrator"
        user.save()
        grant_access(user, access, groups)
        if person_name:
            person = people[person_name]
            person.user = user
            person.save(update_fields=["user"])
        logins.append(DemoLogin(username, password, access, person_name))
    return logins
