"""Organisations, networks, departments, job functions, memberships and roles.

Everything here that belongs to one organisation uses a ``ScopedManager``: a query outside an
active ``organisation`` scope raises instead of leaking (see docs/tenancy.md).
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.lib.import_jobs import ImportJob, import_upload_path


class OrganisationKind(models.TextChoices):
    UMC = "umc", _("Universitair medisch centrum")
    HOSPITAL = "ziekenhuis", _("Ziekenhuis")
    VVT = "vvt", _("Verpleeg-, verzorgingshuis en thuiszorg (VVT)")
    HOME_CARE = "thuiszorg", _("Thuiszorg")
    DISABILITY = "gehandicaptenzorg", _("Gehandicaptenzorg")
    MENTAL_HEALTH = "ggz", _("GGZ")
    GP = "huisartsenzorg", _("Huisartsenzorg")
    EDUCATION = "onderwijs", _("Onderwijs")
    OTHER = "overig", _("Overig")


class Province(models.TextChoices):
    GR = "groningen", "Groningen"
    FR = "friesland", "Fryslân"
    DR = "drenthe", "Drenthe"
    OV = "overijssel", "Overijssel"
    FL = "flevoland", "Flevoland"
    GE = "gelderland", "Gelderland"
    UT = "utrecht", "Utrecht"
    NH = "noord-holland", "Noord-Holland"
    ZH = "zuid-holland", "Zuid-Holland"
    ZE = "zeeland", "Zeeland"
    NB = "noord-brabant", "Noord-Brabant"
    LI = "limburg", "Limburg"


class Visibility(models.TextChoices):
    """Who may read a piece of shared content; used by the content apps."""

    ORGANISATION = "organisation", _("Organisatie")
    NETWORK = "network", _("Netwerk")
    PUBLIC = "public", _("Openbaar")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices, blank=True)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    require_mfa_for_sensitive_roles = models.BooleanField(
        _("tweestapsverificatie verplicht voor beheerders, leidinggevenden en coördinatoren"),
        default=True,
    )
    require_mfa_for_everyone = models.BooleanField(
        _("tweestapsverificatie verplicht voor iedereen"), default=False
    )
    sso_app = models.ForeignKey(
        "socialaccount.SocialApp",
        verbose_name=_("single sign-on (OpenID Connect)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sso_email_domains = models.CharField(
        _("e-maildomeinen voor single sign-on"),
        max_length=300,
        blank=True,
        help_text=_("Kommagescheiden, bijvoorbeeld: mumc.nl, ziekenhuis.nl"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def sso_domains(self) -> list[str]:
        return [d.strip().lower() for d in self.sso_email_domains.split(",") if d.strip()]


class Network(models.Model):
    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regionaal netwerk")
        CONVENANT = "convenant", _("Convenant")
        OTHER = "other", _("Samenwerkingsverband")

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="NetworkMembership", related_name="networks"
    )

    class Meta:
        verbose_name = _("netwerk")
        verbose_name_plural = _("netwerken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="network_memberships"
    )
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("lid sinds"), default=datetime.date.today)

    class Meta:
        verbose_name = _("netwerklidmaatschap")
        verbose_name_plural = _("netwerklidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="uniq_network_member")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.network}"


class Department(models.Model):
    """A node in an organisation's department tree.

    ``path`` is a materialised path of ids ("/4/17/"), so a subtree is one indexed
    ``startswith`` query on SQLite and PostgreSQL alike.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("naam"), max_length=150)
    code = models.CharField(_("code"), max_length=40, blank=True)
    path = models.CharField(max_length=500, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("afdeling")
        verbose_name_plural = _("afdelingen")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="uniq_department_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("Kies een afdeling van dezelfde organisatie.")})
        if self.pk and f"/{self.pk}/" in self.parent.path:
            raise ValidationError({"parent": _("Een afdeling kan niet onder zichzelf vallen.")})

    def subtree(self) -> models.QuerySet[Department]:
        return Department.objects.filter(
            organisation_id=self.organisation_id, path__startswith=self.path
        )


class JobFunction(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="job_functions"
    )
    name = models.CharField(_("naam"), max_length=150)
    code = models.CharField(_("code"), max_length=40, blank=True)
    big_registered = models.BooleanField(
        _("BIG-geregistreerd beroep"),
        default=False,
        help_text=_("Beroepen met een wettelijke bevoegdheid volgens de Wet BIG."),
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="uniq_function_name")
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: datetime.date | None = None) -> MembershipQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=on)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on)
        )

    def in_departments(self, department_ids: list[int]) -> MembershipQuerySet:
        return self.filter(
            Q(primary_department_id__in=department_ids)
            | Q(extra_departments__id__in=department_ids)
        ).distinct()


MembershipManager = models.Manager.from_queryset(MembershipQuerySet)


class Membership(models.Model):
    """A person's employment (or placement, secondment, study) at an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    employee_number = models.CharField(_("personeelsnummer"), max_length=40, blank=True)
    job_function = models.ForeignKey(
        JobFunction, verbose_name=_("functie"), null=True, blank=True, on_delete=models.PROTECT
    )
    primary_department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="primary_members",
    )
    extra_departments = models.ManyToManyField(
        Department, verbose_name=_("extra afdelingen"), blank=True, related_name="extra_members"
    )
    line_manager = models.ForeignKey(
        "self",
        verbose_name=_("leidinggevende"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    start_date = models.DateField(_("in dienst sinds"), null=True, blank=True)
    end_date = models.DateField(_("uit dienst per"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Declared: the plugin cannot see through django-scopes' factory (see pyproject.toml).
    objects: ClassVar[MembershipManager[Membership]] = ScopedManager(
        MembershipManager, organisation="organisation"
    )

    class Meta:
        verbose_name = _("dienstverband")
        verbose_name_plural = _("dienstverbanden")
        ordering = ["user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="uniq_membership"),
            models.UniqueConstraint(
                fields=["organisation", "employee_number"],
                condition=~Q(employee_number=""),
                name="uniq_employee_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("De einddatum ligt voor de begindatum.")})

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        started = self.start_date is None or self.start_date <= today
        return started and (self.end_date is None or self.end_date >= today)


class Role(models.TextChoices):
    """Roles on top of plain membership (every member is a medewerker)."""

    MANAGER = "manager", _("Leidinggevende")
    COORDINATOR = "coordinator", _("Opleidingsfunctionaris")
    ASSESSOR = "assessor", _("Beoordelaar")
    EDITOR = "editor", _("Redacteur")
    ADMIN = "admin", _("Organisatiebeheerder")
    # Triages incident reports (decentral VIM committee); sees who reported a named report.
    INCIDENT_COMMITTEE = "incident_committee", _("VIM-commissie")
    # Guide learners at work (learning routes): day to day, and the training lead of a ward.
    WORK_SUPERVISOR = "werkbegeleider", _("Werkbegeleider")
    PRACTICE_TRAINER = "praktijkopleider", _("Praktijkopleider")
    # Brings the organisation's HR figures into the regional monitor and reads it (monitor app).
    HR_ADVISER = "hr_adviser", _("HR-adviseur")


class RoleAssignment(models.Model):
    """A role of a member; a manager's role covers the given departments and their subtrees."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    departments = models.ManyToManyField(
        Department, verbose_name=_("afdelingen"), blank=True, related_name="role_assignments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(fields=["membership", "role"], name="uniq_role_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.membership}"


def _hr_import_upload_path(job: HrImportJob, filename: str) -> str:
    """Named by migration 0002; uploads are stored by the shared ``import_upload_path``."""
    return import_upload_path(job, filename)


class HrImportJob(ImportJob):
    """One upload of an HR file: its dry run, its progress and its outcome (lib/import_jobs.py).

    The work runs in a background task for a large file; the pages read this row, so a person
    can leave and come back. ``summary`` holds the counts and the first rows of each list for
    the preview.
    """

    UPLOAD_FOLDER = "hr_import"
    FIGURES = (
        ("rows", _("rijen in het bestand")),
        ("creates", _("nieuwe medewerkers")),
        ("updates", _("gewijzigde medewerkers")),
        ("deactivations", _("uit dienst gezet")),
        ("new_departments", _("nieuwe afdelingen")),
        ("new_functions", _("nieuwe functies")),
        ("errors", _("fouten")),
    )

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="hr_import_jobs"
    )
    rows_total = models.PositiveIntegerField(_("rijen"), default=0)
    rows_done = models.PositiveIntegerField(_("rijen verwerkt"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    result = models.JSONField(_("resultaat"), default=dict, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta(ImportJob.Meta):
        verbose_name = _("HR-import")
        verbose_name_plural = _("HR-imports")

    def figure_counts(self) -> dict[str, int]:
        return self.summary.get("counts", {})

    @property
    def can_apply(self) -> bool:
        return (
            self.status == self.Status.CHECKED
            and self.error_count == 0
            and self.summary.get("counts", {}).get("changes", 0) > 0
        )


class OrganisationApplication(models.Model):
    """An organisation that is not on the platform yet asks to join; a platform admin decides.

    Platform data, not an organisation's: no ``ScopedManager``; only platform admins read it.
    On approval the organisation is created and the contact becomes its first admin.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Nieuw")
        APPROVED = "approved", _("Goedgekeurd")
        DECLINED = "declined", _("Afgewezen")

    name = models.CharField(_("naam van de organisatie"), max_length=200)
    kind = models.CharField(_("soort organisatie"), max_length=20, choices=OrganisationKind.choices)
    province = models.CharField(_("provincie"), max_length=20, choices=Province.choices)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    contact_name = models.CharField(_("naam contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"))
    contact_phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    motivation = models.TextField(_("waarom wilt u meedoen?"))
    language = models.CharField(max_length=10, default="nl")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzing"), blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanmelding van een organisatie")
        verbose_name_plural = _("aanmeldingen van organisaties")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.name
