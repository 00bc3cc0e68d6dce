"""Critical situations (VIM: veilig incident melden), their analysis, measures and lessons.

The reporter is stored only for a named report; an anonymous report has no reporter at all, so
no query, page, export or API answer can reveal it (see docs/incidents.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_scopes import ScopedManager

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Department, Membership, Organisation, Visibility

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The label of Role.INCIDENT_COMMITTEE (organisations/models.py), whose English translation
# lives in this app's catalogue because the project-wide catalogue belongs to another team.
ROLE_LABEL = gettext_noop("VIM-commissie")


class Category(models.TextChoices):
    """Main categories after the WHO MIM PS and the Dutch VIM forms."""

    MEDICATION = "medication", _("Medicatie")
    DEVICE = "device", _("Medisch hulpmiddel / apparatuur")
    FALL = "fall", _("Val")
    PROCEDURE = "procedure", _("Behandeling of verrichting")
    DIAGNOSTICS = "diagnostics", _("Diagnostiek / laboratorium")
    COMMUNICATION = "communication", _("Communicatie / overdracht")
    INFECTION = "infection", _("Infectie / hygiëne")
    ORGANISATION = "organisation", _("Organisatie / logistiek")
    OTHER = "other", _("Overig")


class Outcome(models.TextChoices):
    NEAR_MISS = "near_miss", _("Bijna-incident: bereikte de patiënt niet")
    NO_HARM = "no_harm", _("Bereikte de patiënt, geen schade")
    HARM = "harm", _("Bereikte de patiënt, met schade")


class Severity(models.TextChoices):
    """Harm to the patient (WHO MIM PS degree of harm)."""

    NONE = "none", _("Geen")
    MILD = "mild", _("Licht")
    MODERATE = "moderate", _("Matig")
    SEVERE = "severe", _("Ernstig")
    DEATH = "death", _("Overlijden")


class Status(models.TextChoices):
    REPORTED = "reported", _("Gemeld")
    IN_ANALYSIS = "in_analysis", _("In analyse")
    MEASURES = "measures", _("Maatregelen")
    CLOSED = "closed", _("Afgesloten")


# Triage moves one step forward at a time; "measures" may go back to analysis when the
# measures show the causes were not understood yet.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.REPORTED: (Status.IN_ANALYSIS,),
    Status.IN_ANALYSIS: (Status.MEASURES,),
    Status.MEASURES: (Status.CLOSED, Status.IN_ANALYSIS),
    Status.CLOSED: (),
}


class AnalysisMethod(models.TextChoices):
    SIRE = "sire", _("SIRE (systematische incident reconstructie en evaluatie)")
    PRISMA = "prisma", _("PRISMA-light (oorzakenboom)")


class CauseCode(models.TextChoices):
    """The Eindhoven Classification Model (PRISMA), medical version."""

    TE = "TE", _("TE – Technisch: externe factoren")
    TD = "TD", _("TD – Technisch: ontwerp")
    TC = "TC", _("TC – Technisch: constructie")
    TM = "TM", _("TM – Technisch: materialen")
    OE = "OE", _("OE – Organisatorisch: externe factoren")
    OK = "OK", _("OK – Organisatorisch: kennisoverdracht")
    OP = "OP", _("OP – Organisatorisch: protocollen en procedures")
    OC = "OC", _("OC – Organisatorisch: management-prioriteiten")
    OM = "OM", _("OM – Organisatorisch: cultuur")
    HE = "HE", _("HE – Menselijk: externe factoren")
    HKK = "HKK", _("HKK – Menselijk: kennis")
    HKR = "HKR", _("HKR – Menselijk: kwalificaties")
    HRI = "HRI", _("HRI – Menselijk: coördinatie")
    HRC = "HRC", _("HRC – Menselijk: verificatie")
    HRV = "HRV", _("HRV – Menselijk: bewaking")
    HRM = "HRM", _("HRM – Menselijk: interventie")
    HRK = "HRK", _("HRK – Menselijk: monitoring")
    HSS = "HSS", _("HSS – Menselijk: slips")
    HSM = "HSM", _("HSM – Menselijk: vaardigheden (tripping)")
    PRF = "PRF", _("PRF – Patiëntgerelateerde factoren")
    X = "X", _("X – Niet te classificeren")


# The longest free text of a report, analysis or lesson: the forms and the API both refuse more
# (one limit, so a text accepted on one way in is never refused on the other).
LONG_TEXT_MAX_LENGTH = 5000


class Incident(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Only for a named report; NULL for an anonymous one (never filled in afterwards).
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("melder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_anonymous = models.BooleanField(_("anoniem gemeld"), default=False)
    occurred_at = models.DateTimeField(_("wanneer gebeurde het"))
    reported_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    location = models.CharField(_("waar"), max_length=200)
    department = models.ForeignKey(
        Department,
        verbose_name=_("afdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    device = models.ForeignKey(
        CompetenceItem,
        verbose_name=_("betrokken apparaat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    device_details = models.CharField(
        _("serienummer, lot of softwareversie"), max_length=200, blank=True
    )
    category = models.CharField(_("soort"), max_length=20, choices=Category.choices)
    outcome = models.CharField(_("afloop"), max_length=20, choices=Outcome.choices)
    severity = models.CharField(_("ernst"), max_length=20, choices=Severity.choices)
    what_happened = models.TextField(_("wat is er gebeurd"))
    immediate_action = models.TextField(_("wat is er direct gedaan"), blank=True)
    prevention_idea = models.TextField(_("hoe kan dit voorkomen worden"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REPORTED
    )
    analysis_method = models.CharField(
        _("analysemethode"), max_length=20, choices=AnalysisMethod.choices, blank=True
    )
    analysis_summary = models.TextField(_("samenvatting analyse"), blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="incident_org_status"),
            models.Index(fields=["organisation", "occurred_at"], name="incident_org_occurred"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(reporter__isnull=True),
                name="incident_anonymous_has_no_reporter",
            ),
        ]

    def __str__(self) -> str:
        return _("Melding %(number)s") % {"number": self.pk}

    @property
    def next_statuses(self) -> list[tuple[str, StrOrPromise]]:
        labels = dict(Status.choices)
        return [(s, labels[s]) for s in TRANSITIONS[self.status]]

    def clean(self) -> None:
        if self.outcome == Outcome.HARM and self.severity == Severity.NONE:
            raise ValidationError(
                {"severity": _("Bij schade hoort een ernst: licht, matig, ernstig of overlijden.")}
            )
        if self.outcome != Outcome.HARM and self.severity != Severity.NONE:
            raise ValidationError(
                {"severity": _("Zonder schade is de ernst 'geen'; kies anders 'met schade'.")}
            )


class IncidentCause(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="causes")
    code = models.CharField(_("Eindhoven-classificatie"), max_length=3, choices=CauseCode.choices)
    description = models.CharField(_("oorzaak"), max_length=500)
    is_root = models.BooleanField(_("basisoorzaak"), default=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("oorzaak")
        verbose_name_plural = _("oorzaken")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code}: {self.description}"


class IncidentMeasure(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="measures")
    action = models.CharField(_("maatregel"), max_length=500)
    owner = models.ForeignKey(
        Membership, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("uiterlijk klaar op"))
    done_on = models.DateField(_("klaar op"), null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.action

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class LessonQuerySet(models.QuerySet["Lesson"]):
    def visible_to(self, viewer) -> LessonQuerySet:
        """Lessons ``viewer`` (``organisations.visibility.Viewer``) may read, whichever
        organisation owns them: public ones, their own organisations', and network ones of the
        organisations that share a network with theirs. Lessons are read across organisations,
        so the caller lifts the organisation scope."""
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.org_ids:
            condition |= Q(organisation_id__in=viewer.org_ids)
        if viewer.network_org_ids:
            condition |= Q(
                visibility=Visibility.NETWORK, organisation_id__in=viewer.network_org_ids
            )
        return self.filter(condition)


class Lesson(models.Model):
    """A de-identified lesson from an incident, written (not copied) by a coordinator.

    It carries no reporter and none of the report's free text; only what the coordinator
    entered and the patient-identifier check accepted. Published to a knowledge space, it is
    listed there for the space's readers who may also read the lesson itself.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("wat er gebeurde (zonder herleidbare gegevens)"))
    learned = models.TextField(_("wat we hebben geleerd"))
    measures = models.TextField(_("welke maatregelen we namen"), blank=True)
    device = models.ForeignKey(
        CompetenceItem,
        verbose_name=_("apparaat"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.ORGANISATION,
    )
    space = models.ForeignKey(
        "knowledge.Space",
        verbose_name=_("kennisruimte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)

    objects = ScopedManager(
        organisation="organisation", _manager_class=models.Manager.from_queryset(LessonQuerySet)
    )

    class Meta:
        verbose_name = _("les")
        verbose_name_plural = _("lessen")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
