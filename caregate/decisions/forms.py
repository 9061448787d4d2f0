"""Forms: correcting a decision-log entry, and granting a signed waiver."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.gates.models import Criterion


class CorrectionForm(forms.Form):
    """A correction: why, and the corrected decision (blank keeps the original)."""

    rationale = forms.CharField(
        label=_("Why the entry is corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )
    summary = forms.CharField(
        label=_("Corrected decision"),
        required=False,
        max_length=300,
        help_text=_("Leave blank to keep the original wording."),
    )
    outcome = forms.CharField(
        label=_("Corrected outcome"),
        required=False,
        max_length=30,
        help_text=_("e.g. approved, rejected, deferred, waived; blank keeps the original."),
    )


class WaiverForm(forms.Form):
    """A waiver of one criterion of one gate, signed with the PMO's or sponsor's password."""

    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=Criterion.objects.none())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The last day the waiver counts."),
    )
    password = forms.CharField(
        label=_("Your password, to sign"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        criteria = Criterion.objects.filter(gate__programme=programme, is_active=True)
        self.fields["criterion"].queryset = criteria.select_related("gate").order_by(
            "gate__order", "order", "key"
        )
        self.fields["criterion"].label_from_instance = lambda each: f"{each.gate.name}: {each}"
