"""Demo training register for Northbridge: about 1,500 trainees across 4 sites x 7 roles.

The story: wave 1 (central warehouse, general hospital) goes live in 60 days.
Its training is nearly done, except that the department coordinators at the
general hospital lag behind, and a pilot group of them was trained four months
ago, too early to remember it (stale). The central warehouse has no local
champion yet. Wave 2 sites had early awareness sessions only: what they took
will be stale by their go-live. One change impact on wave 1 (the new approval
limits for restricted supplies) has not been communicated yet.
"""

from __future__ import annotations

import datetime as dt
import random

from caregate.demo.names import FIRST_NAMES, LAST_NAMES
from caregate.programmes.models import Site
from caregate.training.models import (
    Champion,
    ChangeImpact,
    Completion,
    Course,
    Trainee,
    TrainingRole,
)
from caregate.training.services import ensure_default_roles

SEED = 20260417

#: Trainees per role across the network, and each site's share of them.
ROLE_HEADCOUNT = {
    "buyers": 70,
    "warehouse-teams": 350,
    "finance-users": 100,
    "department-coordinators": 560,
    "maintenance-teams": 240,
    "hr-administrators": 100,
    "support-desk-agents": 80,
}
SITE_SHARE = {"ngh": 0.5, "cwh": 0.15, "ndl": 0.15, "elc": 0.2}

COURSES = (
    # code, title, workflow, role keys, minutes, delivery
    (
        "ALL-001",
        "Finding your way in Odoo",
        "Navigation and search",
        ("buyers", "warehouse-teams", "department-coordinators"),
        45,
        "e_learning",
    ),
    (
        "PROC-101",
        "From requisition to purchase order",
        "Requisition to order",
        ("buyers",),
        180,
        "classroom",
    ),
    (
        "PROC-110",
        "Approving restricted medical supplies",
        "Restricted-supply approval",
        ("buyers", "department-coordinators"),
        60,
        "classroom",
    ),
    (
        "WH-101",
        "Receiving lot-tracked goods",
        "Receipt and put-away",
        ("warehouse-teams",),
        120,
        "on_the_job",
    ),
    (
        "WH-120",
        "Cycle counts and replenishment",
        "Counting and reorder rules",
        ("warehouse-teams",),
        90,
        "classroom",
    ),
    (
        "FIN-101",
        "Vendor bills and three-way matching",
        "Procure to pay",
        ("finance-users",),
        150,
        "classroom",
    ),
    ("FIN-130", "Period close in Odoo", "Month-end close", ("finance-users",), 120, "classroom"),
    (
        "DEPT-101",
        "Ward requisitions and receipts",
        "Ward replenishment",
        ("department-coordinators",),
        60,
        "e_learning",
    ),
    (
        "MNT-101",
        "Maintenance requests for biomedical equipment",
        "Request to completion",
        ("maintenance-teams",),
        90,
        "on_the_job",
    ),
    (
        "HR-101",
        "Employee records and contracts",
        "Hire to contract",
        ("hr-administrators",),
        120,
        "classroom",
    ),
    (
        "HR-110",
        "Time off and rosters",
        "Leave and rostering",
        ("hr-administrators",),
        60,
        "e_learning",
    ),
    (
        "SUP-101",
        "Triage and escalation on the help desk",
        "Ticket to resolution",
        ("support-desk-agents",),
        90,
        "classroom",
    ),
)

#: The one lagging cell of wave 1: share complete, and how many of them are stale.
LAGGING = ("ngh", "department-coordinators", 0.82, 4)

CHAMPIONS = (
    # site, person, role key or None
    ("ngh", "Grace Lindqvist", "buyers"),
    ("ngh", "Omar Farouk", None),
    ("ndl", "Leo Brandt", None),
    ("elc", "Ines Duarte", None),
)

IMPACTS = (
    # reference, title, area, role keys, site codes, owner, status, communicated days ago
    (
        "CI-001",
        "Purchase orders above 5,000 need a second approval",
        "approvals",
        ("buyers", "finance-users"),
        (),
        "Samuel Adeyemi",
        "acknowledged",
        40,
    ),
    (
        "CI-002",
        "Restricted supplies need pharmacy approval before ordering",
        "approvals",
        ("buyers", "department-coordinators"),
        ("ngh", "cwh"),
        "Grace Lindqvist",
        "planned",
        None,
    ),
    (
        "CI-003",
        "Wards confirm receipts themselves instead of the warehouse",
        "responsibilities",
        ("department-coordinators", "warehouse-teams"),
        ("ngh",),
        "Grace Lindqvist",
        "sent",
        12,
    ),
    (
        "CI-004",
        "Ward replenishment moves from weekly to twice weekly",
        "turnaround_times",
        ("warehouse-teams", "department-coordinators"),
        ("cwh", "ngh"),
        "Ruth Cole",
        "acknowledged",
        20,
    ),
    (
        "CI-005",
        "Blocked vendor bills go to an exception queue",
        "exception_handling",
        ("finance-users",),
        (),
        "Samuel Adeyemi",
        "sent",
        8,
    ),
    (
        "CI-006",
        "Biomedical maintenance requests raised from the ward",
        "responsibilities",
        ("maintenance-teams", "department-coordinators"),
        ("ndl", "elc"),
        "Kofi Mensah",
        "planned",
        None,
    ),
)


def build_demo_training(programme, people, as_of: dt.datetime) -> None:
    """Create roles, courses, ~1,500 trainees with completions, champions and impacts."""
    rng = random.Random(SEED)
    today = as_of.date()
    ensure_default_roles(programme)
    roles = {role.key: role for role in TrainingRole.objects.filter(programme=programme)}
    sites = {site.code: site for site in Site.objects.filter(programme=programme)}
    wave_of = {site.pk: wave.number for wave in programme.waves.all() for site in wave.sites.all()}

    courses = []
    for code, title, workflow, role_keys, minutes, delivery in COURSES:
        course = Course.objects.create(
            programme=programme,
            code=code,
            title=title,
            workflow=workflow,
            duration_minutes=minutes,
            delivery=delivery,
        )
        course.roles.set([roles[key] for key in role_keys])
        courses.append((course, role_keys))
    courses_of = {
        key: [course for course, keys in courses if key in keys] for key in ROLE_HEADCOUNT
    }

    trainees = []
    plans = []  # (trainee, role key, site code)
    number = 0
    for role_key, headcount in ROLE_HEADCOUNT.items():
        for site_code, share in SITE_SHARE.items():
            for _index in range(max(3, round(headcount * share))):
                number += 1
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                trainee = Trainee(
                    programme=programme,
                    trainee_id=f"EMP-{100000 + number * 7:06d}",
                    name=name,
                    site=sites[site_code],
                    role=roles[role_key],
                    active=rng.random() > 0.01,
                )
                trainees.append(trainee)
                plans.append((trainee, role_key, site_code))
    Trainee.objects.bulk_create(trainees, batch_size=1000)

    completions = []
    by_cell: dict[tuple[str, str], list] = {}
    for trainee, role_key, site_code in plans:
        by_cell.setdefault((site_code, role_key), []).append(trainee)
    for (site_code, role_key), cell in by_cell.items():
        wave = wave_of.get(sites[site_code].pk, 1)
        if (site_code, role_key) == LAGGING[:2]:
            share, stale = LAGGING[2], LAGGING[3]
        elif wave == 1:
            share, stale = rng.uniform(0.93, 0.99), 0
        else:
            share, stale = rng.uniform(0.2, 0.45), 0
        complete = round(len(cell) * share)
        for index, trainee in enumerate(cell):
            required = courses_of[role_key]
            if index >= complete:
                required = required[: rng.randrange(len(required))]  # part of the way
            for course in required:
                if index < stale:
                    days_ago = rng.randint(110, 130)  # the early pilot group
                elif wave == 1:
                    days_ago = rng.randint(1, 25)
                else:
                    days_ago = rng.randint(20, 70)  # awareness sessions, far too early
                completions.append(
                    Completion(
                        trainee=trainee,
                        course=course,
                        completed_on=today - dt.timedelta(days=days_ago),
                    )
                )
    Completion.objects.bulk_create(completions, batch_size=2000)

    for site_code, person_name, role_key in CHAMPIONS:
        Champion.objects.create(
            programme=programme,
            site=sites[site_code],
            person=people[person_name],
            role=roles[role_key] if role_key else None,
            since=today - dt.timedelta(days=60),
        )
    for ref, title, area, role_keys, site_codes, owner, status, days_ago in IMPACTS:
        impact = ChangeImpact.objects.create(
            programme=programme,
            reference=ref,
            title=title,
            area=area,
            owner=people[owner],
            communication_status=status,
            communicated_on=today - dt.timedelta(days=days_ago) if days_ago else None,
        )
        impact.roles.set([roles[key] for key in role_keys])
        impact.sites.set([sites[code] for code in site_codes])
