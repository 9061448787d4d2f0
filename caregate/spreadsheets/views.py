"""Register pages: upload an import, download an export or template, see the import history.

Views only parse, authorise, call the importer/exporter and render. Importing
needs the add and change permissions of every model the register writes;
downloads and the history need the register's view permission.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from caregate.programmes.models import Programme
from caregate.spreadsheets.exporter import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_file
from caregate.spreadsheets.importer import import_file
from caregate.spreadsheets.models import ImportRun
from caregate.spreadsheets.problems import ImportRejected
from caregate.spreadsheets.schema import SheetSchema, UnknownRegister, get_schema

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates written like 03/04/2026 are"),
        required=False,
        choices=[
            ("", gettext_lazy("not in the file (refuse them)")),
            ("DMY", gettext_lazy("day/month/year (3 April)")),
            ("MDY", gettext_lazy("month/day/year (4 March)")),
        ],
    )
    encoding = forms.CharField(
        label=gettext_lazy("CSV encoding, when not UTF-8 (e.g. cp1252)"),
        required=False,
        max_length=40,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        return upload


def _schema(key: str) -> SheetSchema:
    try:
        return get_schema(key)
    except UnknownRegister:
        raise Http404(_("There is no such register.")) from None


def _require(request, schema: SheetSchema, *actions: str) -> None:
    if not request.user.has_perms(schema.permissions(*actions)):
        raise PermissionDenied


def _programme(request) -> tuple[Programme, list[Programme]]:
    programmes = list(Programme.objects.order_by("name"))
    key = request.GET.get("programme") or request.POST.get("programme")
    chosen = next((p for p in programmes if p.key == key), None) if key else None
    if key and chosen is None:
        raise Http404(_("There is no programme with this key."))
    chosen = chosen or (programmes[0] if programmes else None)
    if chosen is None:
        raise Http404(_("There is no programme yet."))
    return chosen, programmes


def _context(schema, programme, programmes, **extra) -> dict:
    return {
        "schema": schema,
        "programme": programme,
        "programmes": programmes,
        "show_selector": len(programmes) > 1,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_register(request, key: str):
    schema = _schema(key)
    _require(request, schema, "add", "change")
    programme, programmes = _programme(request)
    run = problems = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                run = import_file(
                    schema.key,
                    upload.read(),
                    upload.name,
                    programme,
                    request.user,
                    date_order=form.cleaned_data["date_order"] or None,
                    encoding=form.cleaned_data["encoding"].strip() or None,
                )
                form = ImportForm()
            except ImportRejected as exc:
                problems = exc.problems
    else:
        form = ImportForm()
    status = 422 if problems else 200
    context = _context(schema, programme, programmes, form=form, run=run, problems=problems)
    return render(request, "spreadsheets/import.html", context, status=status)


def _download(request, key: str, suffix: str, *, template: bool = False) -> HttpResponse:
    schema = _schema(key)
    _require(request, schema, "view")
    programme, _programmes = _programme(request)
    data = export_file(schema.key, programme, suffix, template=template)
    stamp = timezone.now().strftime("%Y%m%d")
    name = f"{programme.key}-{schema.key}-{'template' if template else stamp}.{suffix}"
    content_type = XLSX_CONTENT_TYPE if suffix == "xlsx" else CSV_CONTENT_TYPE
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def export_xlsx(request, key: str):
    return _download(request, key, "xlsx")


@login_required
def export_csv(request, key: str):
    return _download(request, key, "csv")


@login_required
def template_xlsx(request, key: str):
    return _download(request, key, "xlsx", template=True)


@login_required
def import_history(request, key: str):
    schema = _schema(key)
    _require(request, schema, "view")
    programme, programmes = _programme(request)
    runs = (
        ImportRun.objects.filter(programme=programme, register=schema.key)
        .select_related("user")
        .order_by("-at", "-id")[:200]
    )
    can_import = request.user.has_perms(schema.permissions("add", "change"))
    context = _context(schema, programme, programmes, runs=runs, can_import=can_import)
    return render(request, "spreadsheets/imports.html", context)
