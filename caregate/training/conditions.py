"""Go-live gate conditions fed by the training and change-readiness register.

Default thresholds (a programme changes them in ``evidence_settings``):
``training_completion_threshold`` 90 (percent per site and role) and
``training_stale_days`` 90 (days before the site's go-live). 90 % leaves room
for absence and late joiners without letting a whole team start untrained;
90 days is about as long as people keep a workflow they have not yet used.
"""

from __future__ import annotations

from django.db.models import Q

from caregate.gates.registers import RegisterFinding, condition
from caregate.programmes.models import Site
from caregate.training.models import ChangeImpact
from caregate.training.readiness import compute_readiness, next_wave


@condition("training_cells_below_threshold")
def training_cells_below_threshold(programme) -> RegisterFinding:
    """Site x role cells of the next wave whose share of active trainees who completed every
    course of their role is below ``training_completion_threshold`` (default 90 %), or where
    any completion is older than ``training_stale_days`` (default 90) before the site's
    go-live, or whose role has no course at all. One record per failing cell: the role, with
    the site and the shortfall in its label."""
    readiness = compute_readiness(programme)
    failing = readiness.failing()
    return RegisterFinding(
        model="training.trainingrole",
        record_ids=[cell.role.pk for cell in failing],
        labels=[f"{cell.label}: {cell.shortfall(readiness.threshold)}" for cell in failing],
        rule=(
            f"per site of the next wave and role: completion >= {readiness.threshold:g} % "
            f"and no completion older than {readiness.stale_days} days before go-live"
        ),
    )


@condition("change_impacts_not_communicated")
def change_impacts_not_communicated(programme) -> RegisterFinding:
    """Change impacts still only planned (not yet sent or acknowledged) that affect a site of
    the next wave or every site (no site named)."""
    wave = next_wave(programme)
    impacts = ChangeImpact.objects.filter(
        programme=programme, communication_status=ChangeImpact.Communication.PLANNED
    )
    if wave is not None:
        impacts = impacts.filter(Q(sites__isnull=True) | Q(sites__in=wave.sites.all()))
    impacts = list(impacts.distinct().order_by("reference"))
    return RegisterFinding(
        model="training.changeimpact",
        record_ids=[impact.pk for impact in impacts],
        labels=[str(impact) for impact in impacts],
        rule="change impact communication_status = planned",
    )


@condition("wave_sites_without_champion")
def wave_sites_without_champion(programme) -> RegisterFinding:
    """Sites of the next wave with no local champion named."""
    wave = next_wave(programme)
    sites = Site.objects.none() if wave is None else wave.sites.all()
    sites = list(sites.filter(champions__isnull=True).order_by("name"))
    return RegisterFinding(
        model="programmes.site",
        record_ids=[site.pk for site in sites],
        labels=[site.name for site in sites],
        rule="site in the next wave without a Champion",
    )
