"""Shared page plumbing: access checks and the programme a page is about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.utils.translation import gettext as _

from caregate.programmes.models import Programme


def viewer_required(permission: str):
    """Login first (anonymous users go to the login page), then the permission (or 403)."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def choose_programme(request) -> tuple[Programme | None, list[Programme]]:
    """The programme named by ?programme=key (404 if unknown), else the first one."""
    programmes = list(Programme.objects.order_by("name"))
    key = request.GET.get("programme")
    if key:
        for programme in programmes:
            if programme.key == key:
                return programme, programmes
        raise Http404(_("There is no programme with this key."))
    return (programmes[0] if programmes else None), programmes


def programme_context(programme, programmes) -> dict:
    return {
        "programme": programme,
        "programmes": programmes,
        "show_selector": len(programmes) > 1,
    }
