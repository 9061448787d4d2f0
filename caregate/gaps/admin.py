"""Admin for the gap register; saves go through the services so every change is audited."""

from django import forms
from django.contrib import admin

from caregate.gaps.models import Gap
from caregate.gaps.services import (
    EDITABLE_FIELDS,
    GapInvalid,
    create_gap,
    update_gap,
    validate_gap,
)


class GapAdminForm(forms.ModelForm):
    """The model form, plus the register's rules (business owner, path, dates)."""

    class Meta:
        model = Gap
        fields = ("programme", *EDITABLE_FIELDS)

    def _post_clean(self):
        super()._post_clean()
        if self.instance.programme_id is None or self.instance.workstream_id is None:
            return  # the required-field errors already say what is missing
        try:
            validate_gap(self.instance)
        except GapInvalid as invalid:
            for field, message in invalid.errors.items():
                self.add_error(field if field in self.fields else None, message)


@admin.register(Gap)
class GapAdmin(admin.ModelAdmin):
    form = GapAdminForm
    list_display = (
        "reference",
        "title",
        "workstream",
        "priority_band",
        "priority_score",
        "criticality",
        "owner",
        "resolution_path",
        "status",
        "programme",
    )
    list_display_links = ("reference", "title")
    list_filter = ("programme", "status", "criticality", "resolution_path", "priority_band")
    search_fields = ("reference", "title", "process_area")
    list_select_related = ("programme", "workstream", "owner")
    raw_id_fields = ("owner", "workstream", "target_gate")
    readonly_fields = ("priority_score", "priority_band")
    ordering = ("programme", "-priority_score", "reference")

    def get_readonly_fields(self, request, obj=None):
        # The programme is chosen once; moving a gap between programmes is not a thing.
        return (*self.readonly_fields, "programme") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        fields = {name: getattr(obj, name) for name in EDITABLE_FIELDS}
        if change:
            stored = Gap.objects.select_related("programme").get(pk=obj.pk)
            update_gap(stored, request.user, "changed in the admin", **fields)
        else:
            obj.pk = create_gap(obj.programme, request.user, "raised in the admin", **fields).pk
