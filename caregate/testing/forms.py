"""Forms the PMO and test lead use; saving goes through caregate.testing.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Person, Site, Wave, Workstream
from caregate.testing.models import (
    CycleKind,
    DefectPriority,
    Scenario,
    ScenarioPriority,
    Severity,
)


class ScenarioForm(forms.Form):
    """A new scenario; steps one per line as "action => expected result"."""

    title = forms.CharField(label=_("Title"), max_length=200)
    workstream = forms.ModelChoiceField(Workstream.objects.none(), label=_("Workstream"))
    process_owner = forms.ModelChoiceField(
        Person.objects.none(), required=False, label=_("Process owner")
    )
    odoo_apps = forms.CharField(required=False, label=_("Odoo apps (comma-separated)"))
    priority = forms.ChoiceField(choices=ScenarioPriority.choices, initial="medium")
    steps = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Steps"),
        help_text=_('One per line: "what the tester does => what should happen".'),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].queryset = programme.workstreams.all()
        self.fields["process_owner"].queryset = Person.objects.filter(programme=programme)

    def clean_steps(self) -> list[tuple[str, str]]:
        steps = []
        for number, line in enumerate(self.cleaned_data["steps"].splitlines(), start=1):
            if not line.strip():
                continue
            action, arrow, expected = line.partition("=>")
            if not arrow or not action.strip() or not expected.strip():
                raise forms.ValidationError(
                    _('Line %(number)s: write "action => expected result".'),
                    params={"number": number},
                )
            steps.append((action.strip(), expected.strip()))
        return steps

    def clean_odoo_apps(self) -> list[str]:
        return [app.strip() for app in self.cleaned_data["odoo_apps"].split(",") if app.strip()]


class CycleForm(forms.Form):
    """A new test cycle with its scenarios in scope."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(choices=CycleKind.choices, label=_("Kind"))
    wave = forms.ModelChoiceField(Wave.objects.none(), required=False, label=_("Wave"))
    site = forms.ModelChoiceField(Site.objects.none(), required=False, label=_("Site"))
    planned_start = forms.DateField(required=False, label=_("Planned start"))
    planned_end = forms.DateField(required=False, label=_("Planned end"))
    scenarios = forms.ModelMultipleChoiceField(
        Scenario.objects.none(), required=False, label=_("Scenarios in scope")
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave"].queryset = programme.waves.all()
        self.fields["site"].queryset = programme.sites.all()
        self.fields["scenarios"].queryset = Scenario.objects.filter(programme=programme)


class DefectForm(forms.Form):
    """A new defect."""

    title = forms.CharField(label=_("Title"), max_length=200)
    severity = forms.TypedChoiceField(choices=Severity.choices, coerce=int, label=_("Severity"))
    priority = forms.ChoiceField(choices=DefectPriority.choices, initial="normal")
    owner = forms.ModelChoiceField(Person.objects.none(), required=False, label=_("Owner"))
    scenario = forms.ModelChoiceField(Scenario.objects.none(), required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    workaround = forms.CharField(required=False, label=_("Workaround"))
    workaround_agreed = forms.BooleanField(required=False, label=_("Workaround agreed"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(programme=programme)
        self.fields["scenario"].queryset = Scenario.objects.filter(programme=programme)
