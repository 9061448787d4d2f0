"""Customization register pages: list, detail with approval state and history, forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caregate.audit.services import history
from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.customizations.forms import CustomizationForm
from caregate.customizations.models import (
    Customization,
    CustomizationKind,
    CustomizationStatus,
    Justification,
)
from caregate.customizations.services import (
    CustomizationRefused,
    approval_check,
    create_customization,
    update_customization,
    with_approval_facts,
)
from caregate.design_authority.forms import DecisionForm

HISTORY_LIMIT = 100

LISTING = Listing(
    search_fields=("reference", "title", "description"),
    sort_columns=(
        SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
        SortColumn("title", gettext_lazy("Title"), ("title",)),
        SortColumn("status", gettext_lazy("Status"), ("status",)),
        SortColumn("updated", gettext_lazy("Last changed"), ("updated_at",)),
    ),
    default_sort="reference",
    filters=(
        ListFilter("status", "status", gettext_lazy("Status"), CustomizationStatus.choices),
        ListFilter("kind", "kind", gettext_lazy("Kind"), CustomizationKind.choices),
        ListFilter(
            "justification", "justification", gettext_lazy("Justification"), Justification.choices
        ),
    ),
)


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


def _customization(programme, reference: str) -> Customization:
    queryset = with_approval_facts(
        Customization.objects.select_related(
            "programme",
            "workstream",
            "business_owner",
            "architecture_reviewer",
            "security_reviewer",
        )
    )
    return get_object_or_404(queryset, programme=programme, reference=reference)


@viewer_required("customizations.view_customization")
def customization_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        rows = with_approval_facts(
            Customization.objects.filter(programme=programme).select_related("business_owner")
        )
        listing = LISTING.apply(rows, request.GET)
        for customization in listing.page.object_list:
            customization.approval = approval_check(customization)
        context.update(
            listing=listing, can_add=request.user.has_perm("customizations.add_customization")
        )
    return render(request, "customizations/list.html", context)


@viewer_required("customizations.view_customization")
def customization_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    customization = _customization(programme, reference)
    context = programme_context(programme, programmes)
    context.update(
        customization=customization,
        approval=approval_check(customization),
        gaps=list(customization.gaps.order_by("reference")),
        decisions=list(customization.decisions.select_related("decided_by")),
        entries=list(history(customization).select_related("actor")[:HISTORY_LIMIT]),
        can_change=request.user.has_perm("customizations.change_customization"),
        can_decide=request.user.has_perm("design_authority.add_decision"),
        form=DecisionForm(),
    )
    return render(request, "customizations/detail.html", context)


def _save_form(request, programme, programmes, customization: Customization | None):
    """Show the form; on a valid POST, create or update through the services."""
    form = CustomizationForm(request.POST or None, instance=customization, programme=programme)
    if request.method == "POST" and form.is_valid():
        fields = form.customization_fields()
        gaps = list(form.cleaned_data.get("gaps") or [])
        reason = form.cleaned_data.get("reason", "")
        try:
            if customization is None:
                saved = create_customization(
                    programme, request.user, gaps=gaps, reason=reason, **fields
                )
            else:
                update_customization(
                    customization, request.user, gaps=gaps, reason=reason, **fields
                )
                saved = customization
        except CustomizationRefused as refused:
            form.add_error("reason" if "reason" in str(refused) else None, str(refused))
        else:
            messages.success(
                request, _("Customization %(reference)s saved.") % {"reference": saved.reference}
            )
            url = redirect("customizations:detail", reference=saved.reference).url
            if request.GET.get("programme"):
                url += f"?programme={programme.key}"
            return redirect(url)
    context = programme_context(programme, programmes)
    context.update(form=form, customization=customization)
    return render(request, "customizations/form.html", context, status=400 if form.errors else 200)


@viewer_required("customizations.add_customization")
def customization_create(request):
    programme, programmes = _programme_or_404(request)
    return _save_form(request, programme, programmes, None)


@viewer_required("customizations.change_customization")
def customization_edit(request, reference: str):
    programme, programmes = _programme_or_404(request)
    customization = _customization(programme, reference)
    return _save_form(request, programme, programmes, customization)
