from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _give_default_roles(sender, instance, created, raw=False, **kwargs):
    """A new programme starts with the seven default training roles."""
    if created and not raw:
        from caregate.training.services import ensure_default_roles

        ensure_default_roles(instance)


class TrainingConfig(AppConfig):
    name = "caregate.training"
    label = "training"
    verbose_name = _("Training and change readiness")

    def ready(self):
        from caregate.core.navigation import RegisterLink, add_register
        from caregate.demo.registry import add_demo_builder
        from caregate.gates.defaults import _register, add_default_criteria
        from caregate.programmes.access import grant_level_permissions
        from caregate.programmes.models import Programme, Role
        from caregate.training import conditions, sheets  # noqa: F401  (registers them)
        from caregate.training.demo import build_demo_training

        post_save.connect(_give_default_roles, sender=Programme, dispatch_uid="training-roles")
        add_register(
            RegisterLink(
                "training:readiness",
                _("Training and change readiness"),
                _(
                    "Site-by-role readiness heat map, trainees, courses, champions and change "
                    "impacts."
                ),
                "training.view_trainee",
                order=60,
            )
        )
        grant_level_permissions(
            "process_owner",
            [
                "training.add_champion",
                "training.delete_champion",
                "training.add_changeimpact",
                "training.change_changeimpact",
            ],
        )
        grant_level_permissions(
            "pmo",
            [
                f"training.{action}_{model}"
                for model in ("trainingrole", "course", "trainee", "completion")
                for action in ("add", "change")
            ],
        )
        # Defaults and their reasons: caregate.training.conditions (module docstring).
        add_default_criteria(
            "go-live",
            [
                _register(
                    "training-complete",
                    _("Training complete per site and role, nothing stale"),
                    "training_cells_below_threshold",
                    Role.PMO,
                    _(
                        "People who were never trained, or trained months before they use Odoo, "
                        "turn go-live week into a help-desk flood and workarounds on the wards."
                    ),
                    _("Schedule the missing or refresher sessions for each listed site and role."),
                ),
                _register(
                    "change-impacts-communicated",
                    _("Every change impact has been communicated"),
                    "change_impacts_not_communicated",
                    Role.PMO,
                    _(
                        "A change in approvals or responsibilities that nobody announced is "
                        "discovered on the first day, by a blocked order."
                    ),
                    _("Send the listed change communications and record when."),
                ),
                _register(
                    "champions-named",
                    _("A local champion is named at every site of the wave"),
                    "wave_sites_without_champion",
                    Role.PMO,
                    _(
                        "Without a local champion, every question goes to a central desk that "
                        "does not know the site."
                    ),
                    _("Name a champion at each listed site."),
                ),
            ],
        )
        add_demo_builder("training", build_demo_training)
