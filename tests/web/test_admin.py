"""The Django admin: every Caregate model is registered and its list page opens."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from caregate.evidence.models import EvidenceSnapshot
from caregate.gates.models import Assessment, CriterionResult

ADMIN_MODELS = [
    "programmes.programme",
    "programmes.legalentity",
    "programmes.site",
    "programmes.wave",
    "programmes.workstream",
    "programmes.person",
    "programmes.roleassignment",
    "gates.gate",
    "gates.stage",
    "gates.criterion",
    "gates.signoff",
    "gates.assessment",
    "gates.criterionresult",
    "evidence.evidencesnapshot",
]


@pytest.fixture
def admin_client_logged_in(client, db):
    user = get_user_model().objects.create_superuser("root", password="x-long-password-1")
    client.force_login(user)
    return client


def test_every_model_is_registered_and_its_list_page_opens(admin_client_logged_in, assessment):
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert set(ADMIN_MODELS) <= registered
    for label in ADMIN_MODELS:
        app_label, model_name = label.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        assert admin_client_logged_in.get(url).status_code == 200, label


def test_assessment_change_page_shows_verdicts_read_only(admin_client_logged_in, assessment):
    url = reverse("admin:gates_assessment_change", args=[assessment.pk])
    html = admin_client_logged_in.get(url).content.decode()
    assert "Gate verdicts" in html
    assert 'name="_save"' not in html


def test_evidence_records_are_read_only_in_the_admin(rf, assessment):
    request = rf.get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    for model in (Assessment, CriterionResult, EvidenceSnapshot):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_criterion_page_shows_revisions_inline(admin_client_logged_in, programme):
    from caregate.gates.services import revise_criterion

    criterion = programme.gates.get(key="go-live").criteria.get(key="few-access-admins")
    revise_criterion(criterion, reason="Two deputies during go-live.", threshold=3)
    url = reverse("admin:gates_criterion_change", args=[criterion.pk])
    html = admin_client_logged_in.get(url).content.decode()
    assert "Two deputies during go-live." in html
