"""Pages: the audit trail, filterable and paginated, and the chain verification result.

Both need a login, then staff status or the ``audit.view_auditentry`` permission.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from caregate.audit.models import AuditEntry
from caregate.audit.verification import verify_chain

PAGE_SIZE = 50


def _auditor_required(view):
    """Login first (anonymous users go to the login page), then staff or the view permission."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        user = request.user
        if not (user.is_staff or user.has_perm("audit.view_auditentry")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(checked)


def _filters(request) -> dict[str, str]:
    """The filters named in the query string, blank ones dropped."""
    wanted = {
        "target_model": request.GET.get("target_model", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "action": request.GET.get("action", "").strip(),
    }
    return {name: value for name, value in wanted.items() if value}


@_auditor_required
def entry_list(request):
    filters = _filters(request)
    entries = AuditEntry.objects.order_by("-sequence")
    if "target_model" in filters:
        entries = entries.filter(target_model=filters["target_model"])
    if "actor" in filters:
        entries = entries.filter(actor_name=filters["actor"])
    if "action" in filters:
        entries = entries.filter(action=filters["action"])
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "entries": page.object_list,
        "filters": filters,
        "target_models": AuditEntry.objects.order_by("target_model")
        .values_list("target_model", flat=True)
        .distinct(),
        "actors": AuditEntry.objects.exclude(actor_name="")
        .order_by("actor_name")
        .values_list("actor_name", flat=True)
        .distinct(),
        "actions": AuditEntry.Action.choices,
    }
    return render(request, "audit/entries.html", context)


@_auditor_required
def verify(request):
    # TODO: a trail of millions of entries takes seconds to verify inside the request;
    # run it in the background and cache the result once trails get that long.
    result = verify_chain()
    return render(request, "audit/verify.html", {"result": result})
