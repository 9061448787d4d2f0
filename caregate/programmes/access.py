"""Access levels: programme roles map onto five Django groups with permissions.

viewer          reads every page
process_owner   viewer, plus records sign-offs
sponsor         process owner, plus runs assessments
pmo             sponsor, plus maintains the programme structure, gate criteria and
                every register (add and change; imports included)
administrator   everything, and the Django admin
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from caregate.programmes.models import Role


def caregate_app_labels() -> list[str]:
    """Every installed Caregate app: register apps are covered as soon as they are installed."""
    from django.apps import apps

    return [
        config.label for config in apps.get_app_configs() if config.name.startswith("caregate.")
    ]


ACCESS_LEVELS = ("viewer", "process_owner", "sponsor", "pmo", "administrator")

#: Which access level a programme role gets by default.
ROLE_ACCESS = {
    Role.SPONSOR: "sponsor",
    Role.STEERING_COMMITTEE: "sponsor",
    Role.PMO: "pmo",
    Role.DATA_LEAD: "pmo",
    Role.DESIGN_AUTHORITY: "process_owner",
    Role.SOLUTION_ARCHITECT: "process_owner",
    Role.PROCESS_OWNER: "process_owner",
    Role.DATA_STEWARD: "process_owner",
    Role.TEST_LEAD: "process_owner",
    Role.CUTOVER_MANAGER: "process_owner",
    Role.HYPERCARE_LEAD: "process_owner",
    Role.OPERATIONS_LEAD: "process_owner",
    Role.SUPPORT_MANAGER: "process_owner",
    Role.SECURITY_OFFICER: "process_owner",
}

_EXTRA = {
    "viewer": [],
    "process_owner": ["gates.add_signoff"],
    "sponsor": ["gates.add_signoff", "gates.add_assessment"],
    "pmo": [
        "gates.add_signoff",
        "gates.add_assessment",
        "gates.add_criterion",
        "gates.change_criterion",
        "gates.change_gate",
        "programmes.add_person",
        "programmes.change_person",
        "programmes.add_roleassignment",
        "programmes.change_roleassignment",
        "programmes.change_site",
        "programmes.change_wave",
        "programmes.change_workstream",
        "evidence.add_evidencesnapshot",
    ],
}


def grant_level_permissions(level: str, codes: list[str]) -> None:
    """Let a register app give an access level (and the levels above it) more permissions.

    Call from AppConfig.ready(); e.g. ``grant_level_permissions("process_owner",
    ["gaps.change_gap"])``. Levels above inherit: process_owner < sponsor < pmo.
    """
    inheriting = {"viewer": [], "process_owner": ["sponsor", "pmo"], "sponsor": ["pmo"], "pmo": []}
    for name in [level, *inheriting[level]]:
        for code in codes:
            if code not in _EXTRA[name]:
                _EXTRA[name].append(code)


def _permissions(codes: list[str]) -> list[Permission]:
    found = []
    for code in codes:
        app_label, codename = code.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


@transaction.atomic
def ensure_access_groups() -> dict[str, Group]:
    """Create or refresh the five access-level groups and their permissions."""
    view = list(
        Permission.objects.filter(
            content_type__app_label__in=caregate_app_labels(), codename__startswith="view_"
        )
    )
    everything = list(
        Permission.objects.filter(content_type__app_label__in=caregate_app_labels()).select_related(
            "content_type"
        )
    )
    groups = {}
    for level in ACCESS_LEVELS:
        group, _created = Group.objects.get_or_create(name=f"caregate-{level}")
        wanted = everything if level == "administrator" else view + _permissions(_EXTRA[level])
        if level == "pmo":
            wanted += _register_maintenance(everything)
        group.permissions.set(wanted)
        groups[level] = group
    return groups


#: Apps whose records the method or the machine writes, not the PMO by hand.
_NOT_REGISTERS = {"audit", "evidence", "gates", "core", "demo", "programmes", "spreadsheets"}


def _register_maintenance(permissions: list[Permission]) -> list[Permission]:
    """Add and change rights on every register app: the PMO runs the registers."""
    return [
        permission
        for permission in permissions
        if permission.content_type.app_label not in _NOT_REGISTERS
        and permission.codename.startswith(("add_", "change_"))
    ]


def grant_access(user, level: str, groups: dict[str, Group] | None = None) -> None:
    """Put a user in one access level (and make administrators staff for the admin).

    Pass the groups from :func:`ensure_access_groups` when granting several users.
    """
    if level not in ACCESS_LEVELS:
        raise ValueError(f"unknown access level {level!r}; use one of {', '.join(ACCESS_LEVELS)}")
    groups = groups or ensure_access_groups()
    user.groups.remove(*[groups[name] for name in ACCESS_LEVELS if name != level])
    user.groups.add(groups[level])
    if level == "administrator" and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
