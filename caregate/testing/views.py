"""Test management pages: scenario library, cycles with status and coverage, defects, JUnit API.

Thin views: the rules live in caregate.testing.services and caregate.testing.junit.
"""

from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from caregate.audit.services import history
from caregate.audit.signatures import SignatureRefused
from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.core.pages import choose_programme, programme_context, viewer_required
from caregate.programmes.models import Person, Role, Workstream
from caregate.testing import services
from caregate.testing.forms import CycleForm, DefectForm, ScenarioForm
from caregate.testing.junit import JunitImportError, import_junit
from caregate.testing.models import (
    CycleKind,
    Defect,
    DefectStatus,
    ExecutionResult,
    Scenario,
    Severity,
    TestCycle,
)

logger = logging.getLogger(__name__)

HISTORY_LIMIT = 100
STATUS_ROWS_PER_PAGE = 200
STATUS_CHOICES = (
    ("passed", gettext_lazy("Passed")),
    ("failed", gettext_lazy("Failed")),
    ("blocked", gettext_lazy("Blocked")),
    ("not_run", gettext_lazy("Not run")),
)
#: Largest JUnit file accepted by the API (bytes).
MAX_JUNIT_BYTES = 10 * 1024 * 1024


def _programme_or_404(request):
    programme, programmes = choose_programme(request)
    if programme is None:
        raise Http404(_("There is no programme yet."))
    return programme, programmes


# --- scenarios ------------------------------------------------------------------------------


@viewer_required("testing.view_scenario")
def scenario_list(request):
    programme, programmes = _programme_or_404(request)
    services.ensure_default_scenarios(programme, request.user)
    scenarios = (
        Scenario.objects.filter(programme=programme)
        .select_related("workstream", "process_owner")
        .annotate(step_count=Count("steps"))
    )
    listing = Listing(
        search_fields=("reference", "title"),
        sort_columns=(
            SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
            SortColumn("title", gettext_lazy("Title"), ("title",)),
        ),
        default_sort="reference",
        filters=(
            ListFilter(
                "workstream",
                "workstream_id",
                gettext_lazy("Workstream"),
                tuple((str(w.pk), str(w.name)) for w in programme.workstreams.all()),
            ),
        ),
    ).apply(scenarios, request.GET)
    context = programme_context(programme, programmes)
    context["listing"] = listing
    return render(request, "testing/scenario_list.html", context)


@viewer_required("testing.view_scenario")
def scenario_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    scenario = get_object_or_404(
        Scenario.objects.select_related("workstream", "process_owner"),
        programme=programme,
        reference=reference,
    )
    context = programme_context(programme, programmes)
    context.update(
        scenario=scenario,
        steps=list(scenario.steps.all()),
        entries=list(history(scenario).select_related("actor")[:HISTORY_LIMIT]),
    )
    return render(request, "testing/scenario_detail.html", context)


# --- cycles ---------------------------------------------------------------------------------


@viewer_required("testing.view_testcycle")
def cycle_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        cycles = TestCycle.objects.filter(programme=programme).select_related("wave", "site")
        report = services.coverage(cycles)
        rows = [(cycle, report.by_cycle.get(cycle.id)) for cycle in cycles]
        max_sev2, min_rate = services.exit_thresholds(programme)
        context.update(
            rows=rows,
            by_workstream=list(report.by_workstream.values()),
            by_site=list(report.by_site.values()),
            max_sev2=max_sev2,
            min_rate=min_rate,
        )
    return render(request, "testing/cycle_list.html", context)


class ExecutionForm(forms.Form):
    """A run of one scenario, recorded by the test lead from the cycle page."""

    scenario = forms.ModelChoiceField(
        queryset=Scenario.objects.none(), label=gettext_lazy("Scenario")
    )
    result = forms.ChoiceField(choices=ExecutionResult.choices, label=gettext_lazy("Result"))
    evidence = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=gettext_lazy("Evidence")
    )
    odoo_references = forms.CharField(required=False, label=gettext_lazy("Odoo record references"))

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        # Every scenario of the programme is offered: the service refuses out-of-scope ones
        # with its own message, which the form shows.
        self.fields["scenario"].queryset = Scenario.objects.filter(programme_id=cycle.programme_id)


@viewer_required("testing.view_testcycle")
def cycle_detail(request, pk: int):
    programme, programmes = _programme_or_404(request)
    cycle = get_object_or_404(
        TestCycle.objects.select_related("wave", "site"), programme=programme, pk=pk
    )
    can_record = request.user.has_perm("testing.add_execution")
    form = ExecutionForm(request.POST or None, cycle=cycle) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        if form.is_valid():
            tester = Person.objects.filter(programme=programme, user=request.user).first()
            try:
                services.record_execution(
                    cycle,
                    form.cleaned_data["scenario"],
                    request.user,
                    result=form.cleaned_data["result"],
                    evidence=form.cleaned_data["evidence"],
                    odoo_references=form.cleaned_data["odoo_references"],
                    tester=tester,
                )
            except services.TestingRefused as refused:
                form.add_error("scenario", str(refused))
            else:
                messages.success(request, _("Run recorded."))
                return redirect(request.get_full_path())
    statuses = services.scenario_statuses(cycle)
    coverage = services.workstream_coverage(cycle)
    status_filter = request.GET.get("status", "")
    if status_filter in services.STATUSES:
        statuses = [row for row in statuses if row["status"] == status_filter]
    else:
        status_filter = ""
    # Paged: a cycle of thousands of scenarios would otherwise render thousands of rows.
    page = Paginator(statuses, STATUS_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = programme_context(programme, programmes)
    context.update(
        cycle=cycle,
        statuses=page.object_list,
        status_page=page,
        status_filter=status_filter,
        status_choices=STATUS_CHOICES,
        coverage=list(coverage.values()),
        form=form,
        signoffs=list(cycle.signoffs.select_related("workstream", "person", "signature")),
        signoff_form=SignOffForm(workstreams=owned_workstreams(programme, request.user))
        if cycle.kind == CycleKind.ACCEPTANCE
        else None,
    )
    return render(
        request, "testing/cycle_detail.html", context, status=400 if form and form.errors else 200
    )


class SignOffForm(forms.Form):
    """A process owner's sign-off of their workstream in an acceptance cycle."""

    workstream = forms.ModelChoiceField(
        queryset=Workstream.objects.none(), label=gettext_lazy("Workstream")
    )
    meaning = forms.ChoiceField(
        choices=[
            ("approved", gettext_lazy("Approved")),
            ("reviewed", gettext_lazy("Reviewed")),
            ("waived", gettext_lazy("Waived with reason")),
        ],
        label=gettext_lazy("Meaning"),
    )
    reason = forms.CharField(required=False, label=gettext_lazy("Reason"))
    password = forms.CharField(
        widget=forms.PasswordInput, label=gettext_lazy("Your password (re-entered to sign)")
    )

    def __init__(self, *args, workstreams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = workstreams


def owned_workstreams(programme, user):
    """The workstreams the user is process owner of in the programme."""
    return Workstream.objects.filter(
        programme=programme,
        roles__role=Role.PROCESS_OWNER,
        roles__person__user=user,
    ).distinct()


@viewer_required("testing.view_testcycle")
@require_POST
def cycle_signoff(request, pk: int):
    """Sign the cycle off; the signature service checks the password and the role."""
    programme, _programmes = _programme_or_404(request)
    cycle = get_object_or_404(TestCycle, programme=programme, pk=pk)
    form = SignOffForm(request.POST, workstreams=owned_workstreams(programme, request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your workstreams and enter your password."))
    else:
        try:
            services.sign_cycle(
                cycle,
                form.cleaned_data["workstream"],
                request.user,
                form.cleaned_data["password"],
                form.cleaned_data["meaning"],
                form.cleaned_data["reason"],
            )
        except SignatureRefused as refused:
            messages.error(request, _("Not signed: %(reason)s") % {"reason": refused})
        else:
            messages.success(request, _("Signed."))
    url = redirect("testing:cycle", pk=cycle.pk).url
    if request.GET.get("programme"):
        url += f"?programme={programme.key}"
    return redirect(url)


# --- defects --------------------------------------------------------------------------------


def defect_listing(programme) -> Listing:
    owners = tuple(
        (str(pk), name)
        for pk, name in Person.objects.filter(programme=programme)
        .order_by("name")
        .values_list("pk", "name")
    )
    return Listing(
        search_fields=("reference", "title"),
        sort_columns=(
            SortColumn("reference", gettext_lazy("Reference"), ("reference",)),
            SortColumn("severity", gettext_lazy("Severity"), ("severity",)),
        ),
        default_sort="severity",
        filters=(
            ListFilter(
                "severity",
                "severity",
                gettext_lazy("Severity"),
                tuple((str(value), label) for value, label in Severity.choices),
            ),
            ListFilter("status", "status", gettext_lazy("Status"), DefectStatus.choices),
            ListFilter("owner", "owner_id", gettext_lazy("Owner"), owners),
        ),
    )


@viewer_required("testing.view_defect")
def defect_list(request):
    programme, programmes = choose_programme(request)
    context = programme_context(programme, programmes)
    if programme is not None:
        defects = Defect.objects.filter(programme=programme).select_related("owner", "scenario")
        context["listing"] = defect_listing(programme).apply(defects, request.GET)
    return render(request, "testing/defect_list.html", context)


class DefectStatusForm(forms.Form):
    status = forms.ChoiceField(choices=DefectStatus.choices, label=gettext_lazy("New status"))
    reason = forms.CharField(required=False, label=gettext_lazy("Reason"))


@viewer_required("testing.view_defect")
def defect_detail(request, reference: str):
    programme, programmes = _programme_or_404(request)
    defect = get_object_or_404(
        Defect.objects.select_related("owner", "scenario", "found_by", "gap", "customization"),
        programme=programme,
        reference=reference,
    )
    can_change = request.user.has_perm("testing.change_defect")
    form = DefectStatusForm(request.POST or None) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.change_defect_status(
                    defect, form.cleaned_data["status"], request.user, form.cleaned_data["reason"]
                )
            except services.TestingRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Status changed."))
                return redirect(request.get_full_path())
    context = programme_context(programme, programmes)
    context.update(
        defect=defect,
        form=form,
        entries=list(history(defect).select_related("actor")[:HISTORY_LIMIT]),
    )
    return render(
        request, "testing/defect_detail.html", context, status=400 if form and form.errors else 200
    )


# --- creating records (PMO, test lead) ------------------------------------------------------

CREATE_FORMS = {
    "scenario": ("testing.add_scenario", ScenarioForm, gettext_lazy("New scenario")),
    "cycle": ("testing.add_testcycle", CycleForm, gettext_lazy("New test cycle")),
    "defect": ("testing.add_defect", DefectForm, gettext_lazy("New defect")),
}


def _create(request, what: str):
    permission, form_class, title = CREATE_FORMS[what]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    programme, programmes = _programme_or_404(request)
    form = form_class(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if what == "scenario":
                created = services.create_scenario(programme, request.user, **data)
                url = redirect("testing:scenario", reference=created.reference).url
            elif what == "cycle":
                created = services.create_cycle(programme, request.user, **data)
                url = redirect("testing:cycle", pk=created.pk).url
            else:
                created = services.create_defect(programme, request.user, **data)
                url = redirect("testing:defect", reference=created.reference).url
        except services.TestingRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("%(record)s created.") % {"record": created})
            if request.GET.get("programme"):
                url += f"?programme={programme.key}"
            return redirect(url)
    context = programme_context(programme, programmes)
    context.update(form=form, title=title)
    return render(request, "testing/form.html", context, status=400 if form.errors else 200)


@viewer_required("testing.view_scenario")
def scenario_create(request):
    return _create(request, "scenario")


@viewer_required("testing.view_testcycle")
def cycle_create(request):
    return _create(request, "cycle")


@viewer_required("testing.view_defect")
def defect_create(request):
    return _create(request, "defect")


# --- JUnit API ------------------------------------------------------------------------------


@csrf_exempt  # machine-to-machine: no session cookie, so no CSRF to defend against
@require_POST
def junit_upload(request, pk: int):
    """POST a JUnit XML body with ``Authorization: Bearer <API key>``; JSON {created, updated}.

    Authentication is the programme's API key (caregate.testing.models.ApiKey), never a
    session: the key is compared by hash, and it only reaches cycles of its programme.
    """
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    api_key = services.authenticate_api_key(token)
    if api_key is None:
        return JsonResponse({"error": "a valid API key is required"}, status=401)
    cycle = TestCycle.objects.filter(pk=pk, programme_id=api_key.programme_id).first()
    if cycle is None:
        return JsonResponse({"error": f"no test cycle {pk} in this programme"}, status=404)
    body = request.body
    if len(body) > MAX_JUNIT_BYTES:
        return JsonResponse({"error": "the file is too large"}, status=413)
    filename = request.GET.get("filename") or request.headers.get("X-Filename") or "junit.xml"
    try:
        counts = import_junit(cycle, body, filename[:100], None)
    except JunitImportError as error:
        return JsonResponse({"file": error.filename, "problems": error.problems}, status=400)
    logger.info("junit upload by key %s into cycle %s: %s", api_key.prefix, cycle.pk, counts)
    return JsonResponse(counts)
