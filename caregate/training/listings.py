"""How the training registers are listed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from caregate.core.listing import ListFilter, Listing, SortColumn
from caregate.programmes.models import Site
from caregate.training.models import ChangeImpact, TrainingRole


def trainee_listing(programme) -> Listing:
    sites = tuple(
        (str(pk), name)
        for pk, name in Site.objects.filter(programme=programme).values_list("pk", "name")
    )
    roles = tuple(
        (str(pk), name)
        for pk, name in TrainingRole.objects.filter(programme=programme).values_list("pk", "name")
    )
    return Listing(
        search_fields=("name", "trainee_id"),
        sort_columns=(
            SortColumn("name", _("Name"), ("name",)),
            SortColumn("id", _("Trainee id"), ("trainee_id",)),
            SortColumn("site", _("Site"), ("site__name", "name")),
            SortColumn("role", _("Role"), ("role__order", "name")),
        ),
        default_sort="name",
        filters=(
            ListFilter("site", "site_id", _("Site"), sites),
            ListFilter("role", "role_id", _("Role"), roles),
            ListFilter(
                "active", "active", _("Active"), (("True", _("Active")), ("False", _("Left")))
            ),
        ),
    )


IMPACT_LISTING = Listing(
    search_fields=("reference", "title", "description"),
    sort_columns=(
        SortColumn("reference", _("Reference"), ("reference",)),
        SortColumn("title", _("Title"), ("title",)),
        SortColumn("area", _("What changes"), ("area",)),
        SortColumn("communication", _("Communication"), ("communication_status",)),
    ),
    default_sort="reference",
    filters=(
        ListFilter("area", "area", _("What changes"), tuple(ChangeImpact.Area.choices)),
        ListFilter(
            "communication",
            "communication_status",
            _("Communication"),
            tuple(ChangeImpact.Communication.choices),
        ),
    ),
)
