"""Forms for change impacts and champions: they validate; services save and audit."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Person, Site
from caregate.training.models import Champion, ChangeImpact, TrainingRole


class ChangeImpactForm(forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)

    class Meta:
        model = ChangeImpact
        fields = [
            "reference",
            "title",
            "area",
            "description",
            "roles",
            "sites",
            "owner",
            "communication_status",
            "communicated_on",
        ]
        widgets = {"communicated_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["roles"].queryset = TrainingRole.objects.filter(programme=programme)
        self.fields["sites"].queryset = Site.objects.filter(programme=programme)
        self.fields["owner"].queryset = Person.objects.filter(programme=programme)

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        others = ChangeImpact.objects.filter(programme=self.programme, reference=reference)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another change impact already has this reference."))
        return reference

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("communication_status")
        if (
            status
            and status != ChangeImpact.Communication.PLANNED
            and not cleaned.get("communicated_on")
        ):
            self.add_error("communicated_on", _("Say when it was communicated."))
        return cleaned

    def impact_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ChampionForm(forms.Form):
    site = forms.ModelChoiceField(queryset=Site.objects.none(), label=_("Site"))
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Champion"))
    role = forms.ModelChoiceField(
        queryset=TrainingRole.objects.none(),
        label=_("For role"),
        required=False,
        help_text=_("Blank: champion for every role at the site."),
    )
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(programme=programme)
        self.fields["person"].queryset = Person.objects.filter(programme=programme)
        self.fields["role"].queryset = TrainingRole.objects.filter(programme=programme)

    def clean(self):
        cleaned = super().clean()
        site, person = cleaned.get("site"), cleaned.get("person")
        if site and person and Champion.objects.filter(site=site, person=person).exists():
            raise forms.ValidationError(_("This person is already a champion at this site."))
        return cleaned
