"""Forms: a change request, and a board member's signed decision."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.design_authority.models import ChangeRequest, DecisionOutcome
from caregate.design_authority.services import EDITABLE_FIELDS
from caregate.programmes.models import Person, Workstream


class ChangeRequestForm(forms.ModelForm):
    """Every editable field of a change request; choices limited to the programme."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded in the history."),
    )

    class Meta:
        model = ChangeRequest
        fields = EDITABLE_FIELDS
        widgets = {
            "submitted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = Workstream.objects.filter(programme=programme)
        self.fields["requested_by"].queryset = Person.objects.filter(programme=programme)

    def _post_clean(self):
        # The services save (and audit); the reference and score are assigned there.
        pass

    def request_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}


class DecisionForm(forms.Form):
    """A board member's decision, signed by re-entering their password."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices)
    rationale = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text=_("Required when deferring."),
    )
    password = forms.CharField(
        label=_("Your password, to sign"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("outcome") == DecisionOutcome.DEFERRED
            and not (cleaned.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Deferring needs the conditions to meet first."))
        return cleaned
