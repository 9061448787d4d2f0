"""Pages. Views only parse, authorise, call services and render.

Every page needs a login and the view permission of what it shows; a
logged-in user outside every Caregate access group gets the 403 page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.gates.models import Assessment, CriterionResult, Gate
from caregate.gates.presentation import (
    assessment_context,
    evidence_context,
    gate_context,
    readiness_history,
    snapshot_rows,
)
from caregate.gates.report import render_report


@viewer_required("gates.view_assessment")
def control_tower(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        assessments = programme.assessments.select_related("snapshot", "assessed_by")
        requested = request.GET.get("assessment")
        if requested:
            if not requested.isdigit():
                raise Http404(_("There is no such assessment."))
            assessment = get_object_or_404(assessments, pk=int(requested))
        else:
            assessment = assessments.order_by("-started_at", "-id").first()
        if assessment is not None:
            assessment.programme = programme
            context.update(assessment_context(assessment))
        context["history"] = readiness_history(programme)
    return render(request, "core/control_tower.html", context)


@viewer_required("gates.view_gate")
def gate_detail(request, gate_key: str):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    gate = get_object_or_404(
        Gate.objects.select_related("primary_owner"), programme=programme, key=gate_key
    )
    context = programme_context(programme, programmes)
    context.update(gate_context(gate))
    return render(request, "core/gate.html", context)


@viewer_required("gates.view_criterionresult")
def evidence(request, result_id: int):
    result = get_object_or_404(
        CriterionResult.objects.select_related(
            "criterion",
            "criterion__owner",
            "verdict__gate",
            "verdict__assessment__snapshot",
            "verdict__assessment__programme",
        ),
        pk=result_id,
    )
    programme = result.verdict.assessment.programme
    context = programme_context(programme, [programme])
    context.update(evidence_context(result, request.GET.get("page", 1)))
    return render(request, "core/evidence.html", context)


@viewer_required("gates.view_assessment")
def assessment_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    context["history"] = readiness_history(programme, limit=200) if programme else []
    return render(request, "core/assessments.html", context)


@viewer_required("gates.view_assessment")
def assessment_report(request, assessment_id: int):
    """The same self-contained HTML report `caregate report` writes, for one assessment."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("programme", "snapshot"), pk=assessment_id
    )
    return HttpResponse(render_report(assessment))


@viewer_required("evidence.view_evidencesnapshot")
def snapshot_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    context["snapshots"] = snapshot_rows(programme) if programme else []
    return render(request, "core/snapshots.html", context)


@login_required
def registers(request):
    """Index of the registers the user may open (each register app adds itself)."""
    from caregate.core.navigation import visible_registers

    return render(request, "core/registers.html", {"registers": visible_registers(request.user)})
