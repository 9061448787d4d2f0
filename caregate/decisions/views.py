"""Decision-log pages: the log, one entry with its corrections, corrections, waivers."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import OuterRef, Subquery
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
from caregate.decisions.forms import CorrectionForm, WaiverForm
from caregate.decisions.models import DecisionKind, DecisionLogEntry, Waiver
from caregate.decisions.services import DecisionRefused, correct_entry, sign_waiver, site_date
from caregate.programmes.models import Person

LOG_LISTING = Listing(
    search_fields=("reference", "summary", "rationale", "subject_repr", "decided_by__name"),
    sort_columns=(
        SortColumn("when", gettext_lazy("When"), ("decided_at",)),
        SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
    ),
    default_sort="-when",
    filters=(ListFilter("kind", "kind", gettext_lazy("Kind"), DecisionKind.choices),),
)

WAIVER_LISTING = Listing(
    search_fields=("reason", "criterion__title", "criterion__gate__name"),
    sort_columns=(
        SortColumn("granted", gettext_lazy("Granted"), ("granted_at",)),
        SortColumn("expires", gettext_lazy("Expires"), ("expires_on",)),
    ),
    default_sort="-granted",
)


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


def _with_programme(url: str, request, programme) -> str:
    return url + (f"?programme={programme.key}" if request.GET.get("programme") else "")


def _log_rows(programme):
    """Entries with who decided and the reference of their latest correction, in one query."""
    latest_correction = DecisionLogEntry.objects.filter(corrects=OuterRef("pk")).order_by(
        "-decided_at", "-id"
    )
    return (
        DecisionLogEntry.objects.filter(programme=programme)
        .select_related("decided_by", "corrects")
        .annotate(corrected_by=Subquery(latest_correction.values("reference")[:1]))
    )


@viewer_required("decisions.view_decisionlogentry")
def log_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        context["listing"] = LOG_LISTING.apply(_log_rows(programme), request.GET)
    return render(request, "decisions/log.html", context)


def _entry_context(request, programme, programmes, entry, form=None, error=None) -> dict:
    context = programme_context(programme, programmes)
    context.update(
        entry=entry,
        corrections=list(entry.corrections.select_related("decided_by").order_by("decided_at")),
        entries=list(history(entry).select_related("actor")),
        can_correct=request.user.has_perm("decisions.add_decisionlogentry"),
        form=form or CorrectionForm(),
        correction_error=error,
    )
    return context


def _entry(programme, reference: str) -> DecisionLogEntry:
    return get_object_or_404(
        DecisionLogEntry.objects.select_related("programme", "decided_by", "corrects"),
        programme=programme,
        reference=reference,
    )


@viewer_required("decisions.view_decisionlogentry")
def entry_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    entry = _entry(programme, reference)
    return render(
        request, "decisions/entry.html", _entry_context(request, programme, programmes, entry)
    )


@require_POST
@viewer_required("decisions.add_decisionlogentry")
def entry_correct(request, reference: str):
    """Record a correction of the entry as a new entry, by the user's person in the programme."""
    programme, programmes = _programme_or_404(request)
    entry = _entry(programme, reference)
    form = CorrectionForm(request.POST)
    error = None
    if form.is_valid():
        person = Person.objects.filter(programme=programme, user=request.user).first()
        if person is None:
            error = _("You are not a member of this programme.")
        else:
            try:
                correction = correct_entry(
                    entry,
                    person,
                    form.cleaned_data["rationale"],
                    summary=form.cleaned_data["summary"] or None,
                    outcome=form.cleaned_data["outcome"] or None,
                    recorded_by=request.user,
                )
            except DecisionRefused as refused:
                error = str(refused)
            else:
                messages.success(
                    request,
                    _("Correction %(reference)s recorded.") % {"reference": correction.reference},
                )
                url = redirect("decisions:detail", reference=correction.reference).url
                return redirect(_with_programme(url, request, programme))
    context = _entry_context(request, programme, programmes, entry, form, error)
    return render(request, "decisions/entry.html", context, status=400)


@viewer_required("decisions.view_waiver")
def waiver_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        rows = Waiver.objects.filter(programme=programme).select_related(
            "criterion__gate", "granted_by"
        )
        context.update(
            listing=WAIVER_LISTING.apply(rows, request.GET),
            today=site_date(timezone.now()),
            can_add=request.user.has_perm("decisions.add_waiver"),
        )
    return render(request, "decisions/waivers.html", context)


@viewer_required("decisions.add_waiver")
def waiver_create(request):
    programme, programmes = _programme_or_404(request)
    form = WaiverForm(request.POST or None, programme=programme)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            sign_waiver(
                form.cleaned_data["criterion"],
                request.user,
                form.cleaned_data["password"],
                form.cleaned_data["reason"],
                form.cleaned_data["expires_on"],
            )
        except (SignatureRefused, DecisionRefused) as refused:
            error = str(refused)
        else:
            messages.success(request, _("Waiver signed and logged."))
            return redirect(_with_programme(redirect("decisions:waivers").url, request, programme))
    context = programme_context(programme, programmes)
    context.update(form=form, waiver_error=error)
    status = 400 if (error or form.errors) else 200
    return render(request, "decisions/waiver_form.html", context, status=status)
