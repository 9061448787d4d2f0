"""Training readiness: who is trained, who is stale, per site and role.

Definitions (the go-live criteria and the heat map use exactly these):

* A trainee's **required courses** are the courses of their role.
* A trainee is **complete** when they have a completion of every required
  course. A cell with trainees but no course for its role cannot be complete:
  nobody was trained for that role.
* A completion is **stale** when it was taken more than ``training_stale_days``
  (programme.evidence_settings, default 90) before the go-live date of the
  trainee's site (the date of the site's wave, else the programme's). People
  forget what they learnt months before they use it. A complete trainee whose
  oldest required completion is stale is counted as **stale** (and still as
  complete: the gate asks for both "enough complete" and "none stale").
* **Completion %** of a cell = complete active trainees / active trainees.
* The **threshold** is ``training_completion_threshold`` (percent, default 90).
* The **next wave** is the lowest-numbered wave whose go-live date is today or
  later (or not set yet); its sites are the ones the go-live gate looks at.

Everything is computed from four queries whatever the number of trainees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from caregate.programmes.models import Site, Wave
from caregate.training.models import Completion, Course, Trainee, TrainingRole

DEFAULT_STALE_DAYS = 90
DEFAULT_THRESHOLD = 90.0


def stale_days(programme) -> int:
    """evidence_settings["training_stale_days"], default 90 days before go-live."""
    value = (programme.evidence_settings or {}).get("training_stale_days", DEFAULT_STALE_DAYS)
    return int(value)


def completion_threshold(programme) -> float:
    """evidence_settings["training_completion_threshold"] in percent, default 90."""
    value = (programme.evidence_settings or {}).get(
        "training_completion_threshold", DEFAULT_THRESHOLD
    )
    return float(value)


def next_wave(programme, today: dt.date | None = None) -> Wave | None:
    """The next wave to go live: lowest number with a go-live date today or later (or unset)."""
    today = today or timezone.localdate()
    for wave in programme.waves.order_by("number"):
        if wave.go_live_date is None or wave.go_live_date >= today:
            return wave
    return None


@dataclass
class Cell:
    """Readiness of one role at one site."""

    site: Site
    role: TrainingRole
    go_live: dt.date | None
    trainees: int = 0
    complete: int = 0
    stale: int = 0
    courses: int = 0
    in_next_wave: bool = False

    @property
    def percent(self) -> float | None:
        if not self.trainees:
            return None
        return round(100.0 * self.complete / self.trainees, 1)

    def meets(self, threshold: float) -> bool:
        """At or above the threshold with nothing stale (a cell without trainees meets it)."""
        if not self.trainees:
            return True
        return self.courses > 0 and self.percent >= threshold and self.stale == 0

    def shortfall(self, threshold: float) -> str:
        """Why the cell fails, in words (plain English: it becomes gate evidence)."""
        if not self.courses:
            return f"no course is defined for {self.role.name}"
        parts = []
        if self.percent < threshold:
            parts.append(f"{self.percent:g} % complete (threshold {threshold:g} %)")
        if self.stale:
            parts.append(f"{self.stale} stale")
        return ", ".join(parts)

    @property
    def label(self) -> str:
        return f"{self.site.name} / {self.role.name}"


@dataclass
class Readiness:
    """The site-by-role grid plus the settings it was computed with."""

    sites: list[Site]
    roles: list[TrainingRole]
    cells: dict[tuple[int, int], Cell]
    threshold: float
    stale_days: int
    next_wave: Wave | None
    wave_site_ids: set[int] = field(default_factory=set)

    def cell(self, site: Site, role: TrainingRole) -> Cell:
        return self.cells[(site.pk, role.pk)]

    def rows(self) -> list[tuple[Site, list[Cell]]]:
        return [(site, [self.cell(site, role) for role in self.roles]) for site in self.sites]

    def failing(self, *, next_wave_only: bool = True) -> list[Cell]:
        """Cells below the threshold or with stale training, sites in order then roles."""
        return [
            cell
            for site, cells in self.rows()
            for cell in cells
            if (cell.in_next_wave or not next_wave_only) and not cell.meets(self.threshold)
        ]

    @property
    def totals(self) -> tuple[int, int, int]:
        """(active trainees, complete, stale) over every cell."""
        cells = self.cells.values()
        return (
            sum(c.trainees for c in cells),
            sum(c.complete for c in cells),
            sum(c.stale for c in cells),
        )


def site_go_live_dates(programme) -> dict[int, dt.date | None]:
    """Each site's go-live: the earliest wave containing it, else the programme's date."""
    dates: dict[int, dt.date | None] = {}
    for wave in programme.waves.prefetch_related("sites").order_by("number"):
        for site in wave.sites.all():
            dates.setdefault(site.pk, wave.go_live_date or programme.go_live_date)
    return dates


def compute_readiness(programme, today: dt.date | None = None) -> Readiness:
    """Readiness of every site x role of the programme (see the module docstring)."""
    threshold = completion_threshold(programme)
    window = dt.timedelta(days=stale_days(programme))
    sites = list(Site.objects.filter(programme=programme).order_by("name"))
    roles = list(TrainingRole.objects.filter(programme=programme))
    go_live = site_go_live_dates(programme)
    wave = next_wave(programme, today)
    wave_site_ids = set(wave.sites.values_list("pk", flat=True)) if wave else set()

    required: dict[int, set[int]] = defaultdict(set)
    for role_id, course_id in Course.roles.through.objects.filter(
        course__programme=programme
    ).values_list("trainingrole_id", "course_id"):
        required[role_id].add(course_id)

    latest: dict[int, dict[int, dt.date]] = defaultdict(dict)
    for trainee_id, course_id, completed_on in (
        Completion.objects.filter(trainee__programme=programme, trainee__active=True)
        .values("trainee_id", "course_id")
        .annotate(latest=Max("completed_on"))
        .values_list("trainee_id", "course_id", "latest")
        .order_by()
    ):
        latest[trainee_id][course_id] = completed_on

    cells = {
        (site.pk, role.pk): Cell(
            site,
            role,
            go_live.get(site.pk, programme.go_live_date),
            courses=len(required[role.pk]),
            in_next_wave=site.pk in wave_site_ids,
        )
        for site in sites
        for role in roles
    }
    for trainee_id, site_id, role_id in Trainee.objects.filter(
        programme=programme, active=True
    ).values_list("id", "site_id", "role_id"):
        cell = cells[(site_id, role_id)]
        cell.trainees += 1
        courses = required[role_id]
        done = latest.get(trainee_id, {})
        if not courses or not courses <= done.keys():
            continue
        cell.complete += 1
        if cell.go_live is not None:
            cutoff = cell.go_live - window
            if min(done[course] for course in courses) < cutoff:
                cell.stale += 1
    return Readiness(sites, roles, cells, threshold, window.days, wave, wave_site_ids)


def trainee_status(trainee: Trainee, required: set[int], done: dict[int, dt.date], cutoff):
    """'complete', 'stale' or 'incomplete' for one trainee (the definitions above)."""
    if not required or not required <= done.keys():
        return "incomplete"
    if cutoff is not None and min(done[course] for course in required) < cutoff:
        return "stale"
    return "complete"
