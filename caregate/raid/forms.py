"""Forms for RAID entries: they validate; saving goes through caregate.raid.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from caregate.programmes.models import Person, Workstream
from caregate.raid.models import Assumption, Dependency, Issue, Risk

COMMON = ["reference", "title", "description", "owner", "workstream"]

FIELDS = {
    Risk: [*COMMON, "likelihood", "impact", "mitigation", "trigger", "status"],
    Assumption: [*COMMON, "validation_date", "status"],
    Issue: [*COMMON, "severity", "due_date", "escalation_level", "status"],
    Dependency: [*COMMON, "depends_on", "needed_by", "status"],
}


class RaidForm(forms.ModelForm):
    """A RAID entry's editable fields; people and workstreams come from its programme."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_("Kept in the audit trail."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.fields["owner"].queryset = Person.objects.filter(programme=programme)
        self.fields["workstream"].queryset = Workstream.objects.filter(programme=programme)
        self.fields["reference"].required = False
        self.fields["reference"].help_text = _("Leave blank to number it automatically.")
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.DateInput):
                field.widget = forms.DateInput(attrs={"type": "date"})
            if name in ("description", "mitigation", "trigger"):
                field.widget.attrs["rows"] = 3

    def clean_reference(self):
        reference = (self.cleaned_data.get("reference") or "").strip()
        if not reference:
            return ""
        duplicates = self._meta.model.objects.filter(programme=self.programme, reference=reference)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(_("Another entry already has this reference."))
        return reference

    def entry_values(self) -> dict:
        """The model fields the form validated (the reason is not one)."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def form_class(model) -> type[RaidForm]:
    """A RaidForm for one of the four RAID models."""
    meta = type("Meta", (), {"model": model, "fields": FIELDS[model]})
    return type(f"{model.__name__}Form", (RaidForm,), {"Meta": meta})
