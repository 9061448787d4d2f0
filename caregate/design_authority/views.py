"""Design-authority pages: change requests, signed decisions and the board agenda."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caregate.audit.services import history
from caregate.audit.signatures import SignatureRefused
from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.customizations.models import Customization, CustomizationStatus
from caregate.customizations.services import approval_check, with_approval_facts
from caregate.decisions.services import site_date
from caregate.design_authority.forms import ChangeRequestForm, DecisionForm
from caregate.design_authority.models import ChangeKind, ChangeRequest, ChangeStatus
from caregate.design_authority.services import (
    AGENDA_ORDERS,
    DesignAuthorityRefused,
    board_agenda,
    board_members,
    create_change_request,
    max_undecided_days,
    sign_decision,
    update_change_request,
)

HISTORY_LIMIT = 100

LISTING = Listing(
    search_fields=("reference", "title", "description"),
    sort_columns=(
        SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
        SortColumn("submitted", gettext_lazy("Submitted"), ("submitted_on",)),
        SortColumn("score", gettext_lazy("Score"), ("score",)),
        SortColumn("status", gettext_lazy("Status"), ("status",)),
    ),
    default_sort="-submitted",
    filters=(
        ListFilter("status", "status", gettext_lazy("Status"), ChangeStatus.choices),
        ListFilter("kind", "kind", gettext_lazy("Kind"), ChangeKind.choices),
    ),
)


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


def _request(programme, reference: str) -> ChangeRequest:
    return get_object_or_404(
        ChangeRequest.objects.select_related("programme", "workstream", "requested_by"),
        programme=programme,
        reference=reference,
    )


def _with_programme(url: str, request, programme) -> str:
    return url + (f"?programme={programme.key}" if request.GET.get("programme") else "")


@viewer_required("design_authority.view_changerequest")
def request_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        rows = ChangeRequest.objects.filter(programme=programme).select_related("requested_by")
        context.update(
            listing=LISTING.apply(rows, request.GET),
            can_add=request.user.has_perm("design_authority.add_changerequest"),
            today=site_date(timezone.now()),
        )
    return render(request, "design_authority/list.html", context)


@viewer_required("design_authority.view_changerequest")
def request_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    change_request = _request(programme, reference)
    context = programme_context(programme, programmes)
    context.update(
        change_request=change_request,
        age_days=(site_date(timezone.now()) - change_request.submitted_on).days,
        decisions=list(change_request.decisions.select_related("decided_by")),
        entries=list(history(change_request).select_related("actor")[:HISTORY_LIMIT]),
        can_change=request.user.has_perm("design_authority.change_changerequest"),
        can_decide=request.user.has_perm("design_authority.add_decision"),
        form=DecisionForm(),
    )
    return render(request, "design_authority/detail.html", context)


def _save_form(request, programme, programmes, change_request: ChangeRequest | None):
    form = ChangeRequestForm(request.POST or None, instance=change_request, programme=programme)
    if request.method == "POST" and form.is_valid():
        fields = form.request_fields()
        reason = form.cleaned_data.get("reason", "")
        try:
            if change_request is None:
                saved = create_change_request(programme, request.user, reason, **fields)
            else:
                update_change_request(change_request, request.user, reason, **fields)
                saved = change_request
        except DesignAuthorityRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, _("Change request %(reference)s saved.") % {"reference": saved.reference}
            )
            url = redirect("design_authority:detail", reference=saved.reference).url
            return redirect(_with_programme(url, request, programme))
    context = programme_context(programme, programmes)
    context.update(form=form, change_request=change_request)
    return render(
        request, "design_authority/form.html", context, status=400 if form.errors else 200
    )


@viewer_required("design_authority.add_changerequest")
def request_create(request):
    programme, programmes = _programme_or_404(request)
    return _save_form(request, programme, programmes, None)


@viewer_required("design_authority.change_changerequest")
def request_edit(request, reference: str):
    programme, programmes = _programme_or_404(request)
    return _save_form(request, programme, programmes, _request(programme, reference))


def _decide(request, programme, programmes, subject, detail_url: str, template: str, extra):
    """Sign the posted decision; on a refusal show the page again with the reason."""
    form = DecisionForm(request.POST)
    error = None
    if form.is_valid():
        try:
            sign_decision(
                subject,
                request.user,
                form.cleaned_data["password"],
                form.cleaned_data["outcome"],
                form.cleaned_data["rationale"],
                form.cleaned_data["conditions"],
            )
        except (SignatureRefused, DesignAuthorityRefused) as refused:
            error = str(refused)
        else:
            messages.success(request, _("Decision signed and logged."))
            return redirect(_with_programme(detail_url, request, programme))
    context = programme_context(programme, programmes)
    context.update(extra, form=form, decision_error=error, can_decide=True)
    return render(request, template, context, status=400 if error else 200)


@require_POST
@viewer_required("design_authority.add_decision")
def decide_request(request, reference: str):
    programme, programmes = _programme_or_404(request)
    change_request = _request(programme, reference)
    extra = {
        "change_request": change_request,
        "age_days": (site_date(timezone.now()) - change_request.submitted_on).days,
        "decisions": list(change_request.decisions.select_related("decided_by")),
        "entries": list(history(change_request).select_related("actor")[:HISTORY_LIMIT]),
    }
    url = redirect("design_authority:detail", reference=reference).url
    return _decide(
        request, programme, programmes, change_request, url, "design_authority/detail.html", extra
    )


@require_POST
@viewer_required("design_authority.add_decision")
def decide_customization(request, reference: str):
    programme, programmes = _programme_or_404(request)
    customization = get_object_or_404(
        with_approval_facts(Customization.objects.select_related("programme")),
        programme=programme,
        reference=reference,
    )
    extra = {
        "customization": customization,
        "approval": approval_check(customization),
        "gaps": list(customization.gaps.order_by("reference")),
        "decisions": list(customization.decisions.select_related("decided_by")),
        "entries": list(history(customization).select_related("actor")[:HISTORY_LIMIT]),
    }
    url = redirect("customizations:detail", reference=reference).url
    return _decide(
        request, programme, programmes, customization, url, "customizations/detail.html", extra
    )


@viewer_required("design_authority.view_changerequest")
def agenda(request):
    """The board agenda: undecided requests by age (or score), and customizations in review."""
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        order = request.GET.get("order")
        order = order if order in AGENDA_ORDERS else "age"
        in_review = with_approval_facts(
            Customization.objects.filter(
                programme=programme, status=CustomizationStatus.IN_REVIEW
            ).select_related("business_owner")
        ).order_by("reference")
        reviews = [(each, approval_check(each)) for each in in_review]
        context.update(
            items=board_agenda(programme, timezone.now(), order),
            order=order,
            limit=max_undecided_days(programme),
            board=list(board_members(programme)),
            reviews=reviews,
        )
    return render(request, "design_authority/agenda.html", context)
