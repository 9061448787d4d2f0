"""Training and change-readiness pages: heat map, trainees, courses, champions, impacts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from caregate.audit.services import history
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.training import services
from caregate.training.forms import ChampionForm, ChangeImpactForm
from caregate.training.listings import IMPACT_LISTING, trainee_listing
from caregate.training.models import (
    Champion,
    ChangeImpact,
    Completion,
    Course,
    Trainee,
    TrainingRole,
)
from caregate.training.readiness import (
    compute_readiness,
    site_go_live_dates,
    stale_days,
    trainee_status,
)


def _programme(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    context = programme_context(programme, programmes)
    return programme, context


def _editor(permission: str):
    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


@viewer_required("training.view_trainee")
def readiness(request):
    """The site-by-role heat map."""
    programme, context = _programme(request)
    result = compute_readiness(programme)
    rows = []
    for site, cells in result.rows():
        rows.append(
            {
                "site": site,
                "cells": [{"cell": cell, "ok": cell.meets(result.threshold)} for cell in cells],
            }
        )
    context.update(
        readiness=result,
        rows=rows,
        totals=result.totals,
        failing=[(cell.label, cell.shortfall(result.threshold)) for cell in result.failing()],
    )
    return render(request, "training/readiness.html", context)


@viewer_required("training.view_trainee")
def trainee_list(request):
    programme, context = _programme(request)
    queryset = (
        Trainee.objects.filter(programme=programme)
        .select_related("site", "role")
        .prefetch_related(
            Prefetch("completions", queryset=Completion.objects.select_related("course"))
        )
    )
    listing = trainee_listing(programme).apply(queryset, request.GET)
    required = defaultdict(set)
    for role_id, course_id in Course.roles.through.objects.filter(
        course__programme=programme
    ).values_list("trainingrole_id", "course_id"):
        required[role_id].add(course_id)
    window = dt.timedelta(days=stale_days(programme))
    go_live = site_go_live_dates(programme)
    rows = []
    for trainee in listing.page.object_list:
        done: dict[int, dt.date] = {}
        for completion in trainee.completions.all():
            if completion.completed_on > done.get(completion.course_id, dt.date.min):
                done[completion.course_id] = completion.completed_on
        site_go_live = go_live.get(trainee.site_id, programme.go_live_date)
        cutoff = site_go_live - window if site_go_live else None
        rows.append(
            {
                "trainee": trainee,
                "status": trainee_status(trainee, required[trainee.role_id], done, cutoff),
                "done": len(required[trainee.role_id] & done.keys()),
                "required": len(required[trainee.role_id]),
            }
        )
    context.update(listing=listing, rows=rows)
    return render(request, "training/trainees.html", context)


@viewer_required("training.view_trainee")
def trainee_detail(request, pk: int):
    trainee = get_object_or_404(Trainee.objects.select_related("programme", "site", "role"), pk=pk)
    context = programme_context(trainee.programme, [trainee.programme])
    context.update(
        trainee=trainee,
        courses=trainee.role.courses.order_by("code"),
        completions=trainee.completions.select_related("course").order_by("-completed_on"),
        entries=list(history(trainee)),
    )
    return render(request, "training/trainee.html", context)


@viewer_required("training.view_course")
def course_list(request):
    programme, context = _programme(request)
    context["courses"] = (
        Course.objects.filter(programme=programme)
        .prefetch_related("roles")
        .annotate(completion_count=Count("completions"))
    )
    context["roles"] = TrainingRole.objects.filter(programme=programme).annotate(
        trainee_count=Count("trainees")
    )
    return render(request, "training/courses.html", context)


@viewer_required("training.view_champion")
def champion_list(request):
    programme, context = _programme(request)
    result_sites = programme.sites.order_by("name").prefetch_related(
        Prefetch("champions", queryset=Champion.objects.select_related("person", "role"))
    )
    context.update(
        sites=result_sites,
        can_add=request.user.has_perm("training.add_champion"),
    )
    return render(request, "training/champions.html", context)


@_editor("training.add_champion")
def champion_add(request):
    programme, context = _programme(request)
    form = ChampionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.name_champion(
            programme,
            data["site"],
            data["person"],
            request.user,
            role=data["role"],
            since=data["since"],
        )
        return redirect(f"{reverse('training:champions')}?programme={programme.key}")
    context["form"] = form
    return render(request, "training/champion_form.html", context)


@viewer_required("training.view_changeimpact")
def impact_list(request):
    programme, context = _programme(request)
    queryset = ChangeImpact.objects.filter(programme=programme).select_related("owner")
    listing = IMPACT_LISTING.apply(queryset.prefetch_related("roles", "sites"), request.GET)
    context.update(listing=listing, can_add=request.user.has_perm("training.add_changeimpact"))
    return render(request, "training/impacts.html", context)


@viewer_required("training.view_changeimpact")
def impact_detail(request, pk: int):
    impact = get_object_or_404(ChangeImpact.objects.select_related("programme", "owner"), pk=pk)
    context = programme_context(impact.programme, [impact.programme])
    context.update(
        impact=impact,
        entries=list(history(impact)),
        can_change=request.user.has_perm("training.change_changeimpact"),
    )
    return render(request, "training/impact.html", context)


def _impact_form(request, programme, context, impact):
    form = ChangeImpactForm(request.POST or None, instance=impact, programme=programme)
    if request.method == "POST" and form.is_valid():
        saved = services.save_change_impact(
            programme, impact, form.impact_values(), request.user, form.cleaned_data["reason"]
        )
        return redirect("training:impact", pk=saved.pk)
    context.update(form=form, impact=impact)
    return render(request, "training/impact_form.html", context)


@_editor("training.add_changeimpact")
def impact_create(request):
    programme, context = _programme(request)
    return _impact_form(request, programme, context, None)


@_editor("training.change_changeimpact")
def impact_edit(request, pk: int):
    impact = get_object_or_404(ChangeImpact.objects.select_related("programme"), pk=pk)
    context = programme_context(impact.programme, [impact.programme])
    return _impact_form(request, impact.programme, context, impact)
