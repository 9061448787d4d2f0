"""Training and change readiness: roles, courses, trainees, completions, champions, impacts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from caregate.core.models import TimestampedModel
from caregate.programmes.models import Person, Programme, Site

#: Business roles every new programme starts with: (key, name, what they do in Odoo).
DEFAULT_ROLES = (
    ("buyers", _("Buyers"), _("Raise and approve purchase orders, manage vendor prices.")),
    ("warehouse-teams", _("Warehouse teams"), _("Receive, put away, pick and count stock.")),
    ("finance-users", _("Finance users"), _("Vendor bills, payments, period close.")),
    (
        "department-coordinators",
        _("Department coordinators"),
        _("Request supplies for wards and departments, confirm receipts."),
    ),
    (
        "maintenance-teams",
        _("Maintenance teams"),
        _("Work biomedical and estates maintenance requests."),
    ),
    ("hr-administrators", _("HR administrators"), _("Employees, contracts, time off.")),
    ("support-desk-agents", _("Support-desk agents"), _("Triage and resolve user tickets.")),
)


class TrainingRole(TimestampedModel):
    """A business role whose people need role-specific training (buyers, warehouse teams …)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="training_roles"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("training role")
        verbose_name_plural = _("training roles")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="uniq_training_role_key"),
            models.UniqueConstraint(fields=["programme", "name"], name="uniq_training_role_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Course(TimestampedModel):
    """A role-based course teaching one workflow in Odoo (e.g. receiving lot-tracked goods)."""

    class Delivery(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        E_LEARNING = "e_learning", _("E-learning")
        ON_THE_JOB = "on_the_job", _("On the job")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="courses")
    code = models.CharField(
        _("code"), max_length=30, help_text=_("Stable key within the programme, e.g. PROC-101.")
    )
    title = models.CharField(_("title"), max_length=200)
    workflow = models.CharField(
        _("workflow"),
        max_length=200,
        blank=True,
        help_text=_("The business workflow it teaches, e.g. 'Requisition to receipt'."),
    )
    roles = models.ManyToManyField(
        TrainingRole,
        related_name="courses",
        verbose_name=_("roles"),
        help_text=_("Everyone in these roles must complete the course."),
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    delivery = models.CharField(
        _("delivery"), max_length=12, choices=Delivery.choices, default=Delivery.CLASSROOM
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="uniq_course_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Trainee(TimestampedModel):
    """Someone to be trained, enrolled for one role at one site (as the training system has it)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="trainees")
    trainee_id = models.CharField(
        _("trainee id"),
        max_length=40,
        help_text=_("The id the training system or HR uses, e.g. EMP-004512."),
    )
    name = models.CharField(_("name"), max_length=200)
    site = models.ForeignKey(
        Site, on_delete=models.RESTRICT, related_name="trainees", verbose_name=_("site")
    )
    role = models.ForeignKey(
        TrainingRole, on_delete=models.RESTRICT, related_name="trainees", verbose_name=_("role")
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Leavers are kept but no longer counted.")
    )

    class Meta:
        ordering = ["name", "trainee_id"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [
            models.UniqueConstraint(fields=["programme", "trainee_id"], name="uniq_trainee_id")
        ]
        indexes = [models.Index(fields=["programme", "site", "role"], name="trainee_cell_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.trainee_id})"


class Completion(TimestampedModel):
    """A trainee completed a course on a date (retaking it later adds another completion)."""

    trainee = models.ForeignKey(Trainee, on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(
        Course, on_delete=models.RESTRICT, related_name="completions", verbose_name=_("course")
    )
    completed_on = models.DateField(_("completed on"))

    class Meta:
        ordering = ["-completed_on", "trainee_id"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.UniqueConstraint(
                fields=["trainee", "course", "completed_on"], name="uniq_completion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trainee_id} {self.course_id} {self.completed_on}"


class Champion(TimestampedModel):
    """A local champion: the person at a site colleagues go to first with Odoo questions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="champions")
    site = models.ForeignKey(
        Site, on_delete=models.RESTRICT, related_name="champions", verbose_name=_("site")
    )
    person = models.ForeignKey(
        Person, on_delete=models.RESTRICT, related_name="championships", verbose_name=_("person")
    )
    role = models.ForeignKey(
        TrainingRole,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="champions",
        verbose_name=_("for role"),
        help_text=_("Blank: champion for every role at the site."),
    )
    since = models.DateField(_("champion since"), null=True, blank=True)

    class Meta:
        ordering = ["site__name", "person__name"]
        verbose_name = _("champion")
        verbose_name_plural = _("champions")
        constraints = [
            models.UniqueConstraint(fields=["site", "person"], name="uniq_champion_site_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.site}"


class ChangeImpact(TimestampedModel):
    """What changes for people (approvals, duties, timings, exceptions) and who was told."""

    class Area(models.TextChoices):
        APPROVALS = "approvals", _("Approvals")
        RESPONSIBILITIES = "responsibilities", _("Responsibilities")
        TURNAROUND = "turnaround_times", _("Turnaround times")
        EXCEPTIONS = "exception_handling", _("Exception handling")

    class Communication(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="change_impacts"
    )
    reference = models.CharField(
        _("reference"), max_length=20, help_text=_("Stable key within the programme, e.g. CI-007.")
    )
    title = models.CharField(_("title"), max_length=200)
    area = models.CharField(_("what changes"), max_length=20, choices=Area.choices)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Before and after, in the users' words.")
    )
    roles = models.ManyToManyField(
        TrainingRole, related_name="change_impacts", blank=True, verbose_name=_("affected roles")
    )
    sites = models.ManyToManyField(
        Site,
        related_name="change_impacts",
        blank=True,
        verbose_name=_("affected sites"),
        help_text=_("Blank: every site."),
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="owned_change_impacts",
        verbose_name=_("owner"),
    )
    communication_status = models.CharField(
        _("communication"),
        max_length=12,
        choices=Communication.choices,
        default=Communication.PLANNED,
    )
    communicated_on = models.DateField(_("communicated on"), null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        verbose_name = _("change impact")
        verbose_name_plural = _("change impacts")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "reference"], name="uniq_change_impact_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def communicated(self) -> bool:
        return self.communication_status != self.Communication.PLANNED
