"""The form used to register and edit a customization."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.customizations.models import Customization
from caregate.customizations.services import EDITABLE_FIELDS
from caregate.gaps.models import Gap
from caregate.programmes.models import Person, Workstream

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CustomizationForm(forms.ModelForm):
    """Every editable field and the gaps served; choices limited to the programme."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded in the history; required to move into build before approval."),
    )

    class Meta:
        model = Customization
        fields = (*EDITABLE_FIELDS, "gaps")
        widgets = {
            "architecture_reviewed_on": DATE,
            "security_reviewed_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "justification_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(programme=programme)
        for name in ("business_owner", "architecture_reviewer", "security_reviewer"):
            self.fields[name].queryset = people
        self.fields["workstream"].queryset = Workstream.objects.filter(programme=programme)
        self.fields["gaps"].queryset = Gap.objects.filter(programme=programme).order_by("reference")

    def _post_clean(self):
        # The services save (and audit); the model's reference is assigned there.
        pass

    def customization_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
