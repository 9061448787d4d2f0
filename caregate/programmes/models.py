"""The programme and its structure: entities, sites, waves, workstreams, people and roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel


class Programme(TimestampedModel):
    """One Odoo rollout governed as a continuity programme."""

    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, default="EUR", help_text=_("ISO 4217 code for amounts.")
    )
    go_live_date = models.DateField(_("planned go-live date"), null=True, blank=True)
    #: Programme-wide settings read by evidence metrics, e.g. which product
    #: categories hold critical supplies. Documented in gates/defaults.py.
    evidence_settings = models.JSONField(_("evidence settings"), default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class LegalEntity(TimestampedModel):
    """A company of the healthcare group, as an Odoo company."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="entities")
    name = models.CharField(_("name"), max_length=200)
    odoo_company_id = models.PositiveIntegerField(
        _("Odoo company id"), null=True, blank=True, help_text=_("res.company id in Odoo.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="uniq_entity_name")
        ]

    def __str__(self) -> str:
        return self.name


class Site(TimestampedModel):
    """A hospital, laboratory, care home or warehouse taking part in the rollout."""

    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        LABORATORY = "laboratory", _("Diagnostic laboratory")
        CARE_HOME = "care_home", _("Long-term care home")
        WAREHOUSE = "warehouse", _("Warehouse")
        CLINIC = "clinic", _("Clinic")
        OFFICE = "office", _("Office")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sites")
    entity = models.ForeignKey(LegalEntity, on_delete=models.PROTECT, related_name="sites")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    time_zone = models.CharField(_("time zone"), max_length=60, default="Europe/Amsterdam")
    odoo_warehouse_id = models.PositiveIntegerField(
        _("Odoo warehouse id"), null=True, blank=True, help_text=_("stock.warehouse id.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="uniq_site_code")]

    def __str__(self) -> str:
        return self.name


class Workstream(TimestampedModel):
    """A functional workstream: its Odoo apps, continuity risks and governance focus."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workstreams")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    odoo_apps = models.JSONField(_("Odoo apps"), default=list)
    continuity_risks = models.TextField(_("continuity risks if poorly governed"))
    governance_focus = models.TextField(_("governance focus"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="uniq_workstream_key")
        ]

    def __str__(self) -> str:
        return self.name


class Wave(TimestampedModel):
    """A rollout wave, phased by entity, site or function."""

    class Phasing(models.TextChoices):
        ENTITY = "entity", _("By legal entity")
        SITE = "site", _("By site")
        FUNCTION = "function", _("By function")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    phasing = models.CharField(_("phased by"), max_length=10, choices=Phasing.choices)
    go_live_date = models.DateField(_("go-live date"), null=True, blank=True)
    sites = models.ManyToManyField(Site, related_name="waves", blank=True)
    workstreams = models.ManyToManyField(Workstream, related_name="waves", blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="uniq_wave_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Role(models.TextChoices):
    """The roles people hold in a programme."""

    SPONSOR = "sponsor", _("Programme sponsor")
    PMO = "pmo", _("PMO")
    DESIGN_AUTHORITY = "design_authority", _("Design authority")
    SOLUTION_ARCHITECT = "solution_architect", _("Solution architect")
    PROCESS_OWNER = "process_owner", _("Process owner")
    DATA_STEWARD = "data_steward", _("Data steward")
    DATA_LEAD = "data_lead", _("Data lead")
    TEST_LEAD = "test_lead", _("Test lead")
    CUTOVER_MANAGER = "cutover_manager", _("Cutover manager")
    HYPERCARE_LEAD = "hypercare_lead", _("Hypercare lead")
    OPERATIONS_LEAD = "operations_lead", _("Operations lead")
    SUPPORT_MANAGER = "support_manager", _("Support manager")
    SECURITY_OFFICER = "security_officer", _("Security officer")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee member")


class Person(TimestampedModel):
    """Someone taking part in the programme, optionally with a Caregate login."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_people",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="uniq_person_name")
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(TimestampedModel):
    """A person holding a programme role, optionally for one workstream or site."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    workstream = models.ForeignKey(
        Workstream, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, null=True, blank=True, related_name="roles"
    )

    class Meta:
        ordering = ["role", "person__name"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "workstream", "site"], name="uniq_role_assignment"
            )
        ]

    def __str__(self) -> str:
        scope = self.workstream or self.site
        label = self.get_role_display()
        return f"{self.person} — {label}" + (f" ({scope})" if scope else "")
