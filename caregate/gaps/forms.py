"""The form PMO and process owners use to raise and edit a gap."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.gaps.models import Gap
from caregate.gaps.services import EDITABLE_FIELDS, rule_problems
from caregate.gates.models import Gate
from caregate.programmes.models import Person, Workstream


class GapForm(forms.ModelForm):
    """Every editable field; choices of workstream, owner and gate limited to the programme."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Recorded in the history."),
    )

    class Meta:
        model = Gap
        fields = EDITABLE_FIELDS
        widgets = {
            "raised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _("Leave blank for the next free GAP-number.")
        self.fields["workstream"].queryset = Workstream.objects.filter(programme=programme)
        self.fields["owner"].queryset = Person.objects.filter(programme=programme)
        self.fields["target_gate"].queryset = Gate.objects.filter(programme=programme)

    def clean(self):
        cleaned = super().clean()
        for name, message in rule_problems(cleaned).items():
            self.add_error(name, message)
        return cleaned

    def _post_clean(self):
        # The services validate and save; ModelForm's own instance validation would
        # demand the reference before the service has assigned the next free one.
        pass

    def gap_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_FIELDS}
