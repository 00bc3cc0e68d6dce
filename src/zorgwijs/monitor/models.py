"""The regional HR monitor: an organisation's submitted figures (each submission a version) and
what a network publishes from them (one release per quarter, after disclosure control).

An organisation's own rows are organisation data (scoped). A network's release holds only
published cells; the per-organisation snapshot it keeps to check the next release (see
docs/monitor.md, "Corrections and late figures") is never shown or exported.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext, gettext_noop, pgettext
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.lib.import_jobs import ImportJob, ImportStatus
from zorgwijs.organisations.models import Network, Organisation

from .indicators import FunctionGroup, Sector

# The label of Role.HR_ADVISER (organisations/models.py); its English translation lives in this
# app's catalogue, next to the monitor it is for.
ROLE_LABEL = gettext_noop("HR-adviseur")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Kwartaal")
    MONTH = "month", _("Maand")


class Source(models.TextChoices):
    FORM = "form", _("Formulier")
    UPLOAD = "upload", _("Bestand")
    DERIVED = "derived", _("Afgeleid uit de personeelsgegevens")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Concept: nog niet gedeeld")
    SHARED = "shared", _("Gedeeld met het netwerk")
    SUPERSEDED = "superseded", _("Vervangen door een nieuwere versie")
    DISCARDED = "discarded", _("Vervallen concept")


def period_label(kind: str, start: datetime.date) -> str:
    """The period's code ("2024-K1", "2024-01"): what the form and the file read back
    (``periods.parse_period``), the API serves and the audit log keeps, in every language."""
    if kind == PeriodKind.QUARTER:
        return f"{start.year}-K{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def period_display(kind: str, start: datetime.date) -> str:
    """The period as people read it, in the active language: "2024 K1" / "2024 Q1" and
    "jan 2024" / "Jan 2024". Pages, messages and human exports show this; codes stay codes."""
    if kind == PeriodKind.QUARTER:
        return gettext("%(year)s K%(quarter)s") % {
            "year": start.year,
            "quarter": (start.month - 1) // 3 + 1,
        }
    # The month as a date format, so each language picks its abbreviation and capital.
    return dateformat.format(start, pgettext("month period as a date format", "b Y"))


class Submission(models.Model):
    """One version of an organisation's figures for one period. A correction is a new version
    that supersedes the previous one (with a reason); nothing is overwritten."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(_("soort periode"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("begin van de periode"))
    version = models.PositiveIntegerField(_("versie"))
    status = models.CharField(_("status"), max_length=12, choices=SubmissionStatus.choices)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices)
    reason = models.CharField(_("reden van de correctie"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("aanlevering HR-cijfers")
        verbose_name_plural = _("aanleveringen HR-cijfers")
        ordering = ["-period_start", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period_kind", "period_start", "version"],
                name="uniq_monitor_submission_version",
            ),
            # At most one shared version per period: the current one.
            models.UniqueConstraint(
                fields=["organisation", "period_kind", "period_start"],
                condition=models.Q(status="shared"),
                name="uniq_monitor_shared_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.period_label} v{self.version}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_kind, self.period_start)

    @property
    def period_display(self) -> str:
        return period_display(self.period_kind, self.period_start)


def _count(label) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0, validators=[MaxValueValidator(10**6)])


class FigureRow(models.Model):
    """The figures of one sector (and optionally one function group) in a submission."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="rows")
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    function_group = models.CharField(
        _("functiegroep"), max_length=20, choices=FunctionGroup.choices, blank=True
    )
    headcount = _count(_("aantal medewerkers"))
    fte = models.DecimalField(
        _("fte"), max_digits=9, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    absence_percent = models.DecimalField(
        _("verzuimpercentage"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    absence_short = _count(_("verzuimmeldingen kort"))
    absence_medium = _count(_("verzuimmeldingen middellang"))
    absence_long = _count(_("verzuimmeldingen lang"))
    inflow = _count(_("instroom"))
    outflow_retirement = _count(_("uitstroom pensioen"))
    outflow_care = _count(_("uitstroom andere zorgwerkgever"))
    outflow_outside = _count(_("uitstroom buiten de zorg"))
    outflow_contract_end = _count(_("uitstroom einde contract"))
    outflow_other = _count(_("uitstroom overig"))
    vacancies = _count(_("openstaande vacatures"))
    vacancies_hard = _count(_("moeilijk vervulbare vacatures"))
    students = _count(_("studenten en leerlingen"))
    temp_hours = models.DecimalField(
        _("uren inhuur"),
        max_digits=11,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("rij HR-cijfers")
        verbose_name_plural = _("rijen HR-cijfers")
        ordering = ["sector", "function_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "sector", "function_group"], name="uniq_monitor_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} {self.sector} {self.function_group}"


class MonitorSettings(models.Model):
    """A network's disclosure rules, within the bounds of disclosure.BOUNDS."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="monitor_settings"
    )
    min_organisations = models.PositiveSmallIntegerField(
        _("minimaal aantal organisaties"), default=3
    )
    dominance_percent = models.PositiveSmallIntegerField(
        _("maximaal aandeel van één organisatie (%)"), default=50
    )
    min_denominator = models.PositiveIntegerField(
        _("minimaal aantal fte onder een percentage"), default=50
    )
    rounding_base = models.PositiveSmallIntegerField(_("aantallen afronden op"), default=5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("instellingen HR-monitor")
        verbose_name_plural = _("instellingen HR-monitor")

    def __str__(self) -> str:
        return str(self.network)


class Release(models.Model):
    """What a network publishes for one quarter: the cells after disclosure control."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    quarter = models.DateField(_("kwartaal"))
    released_at = models.DateTimeField()
    cells = models.JSONField(default=list)  # published cells only; see disclosure.Published
    # Per organisation and row class the values behind the release, to check the next one.
    # Internal: never shown, exported or served.
    snapshot = models.JSONField(default=dict)
    pending = models.PositiveIntegerField(
        _("wachtende wijzigingen"), default=0
    )  # organisations whose newer figures are held back
    # The quarter's three months, published only when every organisation counted in the
    # quarter delivered it by month: {"YYYY-MM-DD": cells}. Empty otherwise.
    months = models.JSONField(default=dict)
    # Per organisation its rows of each month behind ``months``. Internal, like ``snapshot``.
    month_snapshot = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("publicatie HR-monitor")
        verbose_name_plural = _("publicaties HR-monitor")
        ordering = ["quarter"]
        constraints = [
            models.UniqueConstraint(fields=["network", "quarter"], name="uniq_monitor_release")
        ]

    def __str__(self) -> str:
        return f"{self.network} {period_label(PeriodKind.QUARTER, self.quarter)}"


class FigureUpload(ImportJob):
    """An uploaded file of figures: checked as a dry run, applied once, all or nothing
    (lib/import_jobs.py)."""

    UPLOAD_FOLDER = "monitor_upload"
    FIGURES = (
        ("rows", _("rijen in het bestand")),
        ("periods", _("perioden")),
        ("errors", _("fouten")),
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The dry run: rows, errors found, and the periods in the file with their rows.
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    result = models.JSONField(_("resultaat"), default=dict, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta(ImportJob.Meta):
        verbose_name = _("bestand met HR-cijfers")
        verbose_name_plural = _("bestanden met HR-cijfers")

    def figure_counts(self) -> dict[str, int]:
        return {**self.summary, "periods": len(self.summary.get("periods", []))}

    @property
    def rows_total(self) -> int:
        return self.summary.get("rows", 0)

    @property
    def error_count(self) -> int:
        return self.summary.get("errors", 0)

    @property
    def can_apply(self) -> bool:
        return (
            self.status == ImportStatus.CHECKED
            and not self.error_count
            and bool(self.summary.get("periods"))
        )


class IndicatorLink(models.Model):
    """An indicator of a network's monitor linked to one of the network's topics, and to the
    actions of that topic that address it (none: the topic as a whole). Kept by the network's
    coordinators; read on the monitor page and the topic's page in the monitor."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("indicator"), max_length=30)
    topic = models.ForeignKey(
        "networks.Topic", on_delete=models.CASCADE, related_name="monitor_links"
    )
    actions = models.ManyToManyField("networks.Action", blank=True, related_name="monitor_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("koppeling van een indicator")
        verbose_name_plural = _("koppelingen van indicatoren")
        ordering = ["indicator", "topic__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "indicator", "topic"], name="uniq_monitor_indicator_topic"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} → {self.topic_id}"
