"""RAID pages: four lists, the risk heat map, a detail page with history, create and edit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caregate.audit.services import history
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.raid import services
from caregate.raid.forms import form_class
from caregate.raid.listings import listing_for, queryset_for

TITLES = {
    "risks": gettext_lazy("Risks"),
    "assumptions": gettext_lazy("Assumptions"),
    "issues": gettext_lazy("Issues"),
    "dependencies": gettext_lazy("Dependencies"),
}


def _kind(slug: str) -> services.RaidKind:
    try:
        return services.KINDS[slug]
    except KeyError:
        raise Http404(_("There is no such RAID register.")) from None


def _permission(kind: services.RaidKind, action: str) -> str:
    return f"raid.{action}_{kind.model._meta.model_name}"


def _require(request, kind, action: str) -> None:
    if not request.user.has_perm(_permission(kind, action)):
        raise PermissionDenied


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


def _raid_context(programme, programmes, kind_slug: str) -> dict:
    context = programme_context(programme, programmes)
    context.update(kind=kind_slug, kinds=[(slug, TITLES[slug]) for slug in services.KINDS])
    return context


@login_required
def entry_list(request, kind: str):
    raid_kind = _kind(kind)
    _require(request, raid_kind, "view")
    programme, programmes = _programme_or_404(request)
    listing = listing_for(raid_kind.model, programme).apply(
        queryset_for(raid_kind.model, programme), request.GET
    )
    context = _raid_context(programme, programmes, kind)
    context.update(
        title=TITLES[kind],
        listing=listing,
        schema_key=f"raid-{kind}",
        can_add=request.user.has_perm(_permission(raid_kind, "add")),
    )
    return render(request, "raid/list.html", context)


@viewer_required("raid.view_risk")
def heat_map(request):
    programme, programmes = _programme_or_404(request)
    context = _raid_context(programme, programmes, "heat-map")
    context["rows"] = services.risk_heat_map(programme)
    context["impacts"] = range(1, 6)
    return render(request, "raid/heat_map.html", context)


@login_required
def entry_detail(request, kind: str, pk: int):
    raid_kind = _kind(kind)
    _require(request, raid_kind, "view")
    entry = get_object_or_404(
        raid_kind.model.objects.select_related("programme", "owner", "workstream"), pk=pk
    )
    context = _raid_context(entry.programme, [entry.programme], kind)
    context.update(
        title=TITLES[kind],
        entry=entry,
        entries=list(history(entry)),
        can_change=request.user.has_perm(_permission(raid_kind, "change")),
    )
    return render(request, "raid/detail.html", context)


@login_required
def entry_create(request, kind: str):
    raid_kind = _kind(kind)
    _require(request, raid_kind, "add")
    programme, programmes = _programme_or_404(request)
    form = form_class(raid_kind.model)(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        entry = services.create_entry(
            programme, raid_kind, form.entry_values(), request.user, form.cleaned_data["reason"]
        )
        return redirect("raid:detail", kind=kind, pk=entry.pk)
    context = _raid_context(programme, programmes, kind)
    context.update(title=TITLES[kind], form=form, entry=None)
    return render(request, "raid/form.html", context)


@login_required
def entry_edit(request, kind: str, pk: int):
    raid_kind = _kind(kind)
    _require(request, raid_kind, "change")
    entry = get_object_or_404(raid_kind.model.objects.select_related("programme"), pk=pk)
    form = form_class(raid_kind.model)(
        request.POST or None, instance=entry, programme=entry.programme
    )
    if request.method == "POST" and form.is_valid():
        services.update_entry(entry, form.entry_values(), request.user, form.cleaned_data["reason"])
        return redirect("raid:detail", kind=kind, pk=entry.pk)
    context = _raid_context(entry.programme, [entry.programme], kind)
    context.update(title=TITLES[kind], form=form, entry=entry)
    return render(request, "raid/form.html", context)
