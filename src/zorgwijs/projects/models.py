"""Project records of the vindplaats: what a team did, how, with whom and what it learned.

Projects are shared content: their visibility (organisation, network, public) decides who reads
them, across organisations. That is why they are not behind a ``ScopedManager`` (which limits a
query to the active organisation): every read goes through ``Project.objects.visible_to(viewer)``,
and views fetch one project through the access helpers in ``selectors.py`` (see docs/projects.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.attachments import FileAttachment
from zorgwijs.lib.import_jobs import ImportJob, ImportStatus, import_upload_path
from zorgwijs.organisations.models import Organisation, Visibility


@lru_cache(maxsize=1)
def _projects_root() -> str:
    """``/projecten/``, resolved once: indexing thousands of projects reverses no URL each."""
    from django.urls import reverse

    return reverse("projects:index")


class Theme(models.Model):
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    IDEA = "idee", _("Idee")
    PREPARATION = "voorbereiding", _("In voorbereiding")
    RUNNING = "lopend", _("Lopend")
    FINISHED = "afgerond", _("Afgerond")
    STOPPED = "gestopt", _("Gestopt")


class Sector(models.TextChoices):
    HOSPITAL = "ziekenhuis", _("Ziekenhuis")
    UMC = "umc", _("Universitair medisch centrum")
    VVT = "vvt", _("VVT")
    HOME_CARE = "thuiszorg", _("Thuiszorg")
    DISABILITY = "gehandicaptenzorg", _("Gehandicaptenzorg")
    MENTAL_HEALTH = "ggz", _("GGZ")
    GP = "huisartsenzorg", _("Huisartsenzorg")
    EDUCATION = "onderwijs", _("Onderwijs")
    NETWORK = "regionaal netwerk", _("Regionaal netwerk")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, viewer) -> ProjectQuerySet:
        """Projects a ``search.Viewer`` may read: public ones, and for signed-in people those
        of their own organisations and, when shared with the network, of network partners."""
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.org_ids:
            own = Q(organisation_id__in=viewer.org_ids) | Q(co_owners__in=viewer.org_ids)
            condition |= Q(id__in=Project.objects.filter(own).values("id"))
        if viewer.network_org_ids:
            partners = Q(organisation_id__in=viewer.network_org_ids) | Q(
                co_owners__in=viewer.network_org_ids
            )
            shared = Project.objects.filter(partners, visibility=Visibility.NETWORK)
            condition |= Q(id__in=shared.values("id"))
        return self.filter(condition)

    def get_visible(self, viewer, **lookup) -> Project | None:
        """The one project ``lookup`` finds if ``viewer`` may read it (else None): fetched by
        its key and checked by ``Project.is_visible_to``, which states ``visible_to``'s rule for
        one project without building its subqueries (most of a project page's lookup)."""
        project = self.filter(**lookup).first()
        return project if project is not None and project.is_visible_to(viewer) else None


class Project(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("Leeg: een geïmporteerde praktijkverzameling, beheerd door het platform."),
    )
    co_owners = models.ManyToManyField(
        Organisation, verbose_name=_("mede-eigenaren"), blank=True, related_name="co_projects"
    )
    external_id = models.CharField(
        _("extern kenmerk"), max_length=64, unique=True, null=True, blank=True
    )
    collection = models.CharField(_("verzameling"), max_length=120, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    problem = models.TextField(_("probleem"), blank=True)
    approach = models.TextField(_("aanpak"), blank=True)
    collaboration = models.TextField(_("samenwerking"), blank=True)
    results = models.TextField(_("resultaten"), blank=True)
    golden_tips = models.TextField(_("gouden tips"), blank=True, help_text=_("Eén tip per regel."))
    pitfalls = models.TextField(_("valkuilen"), blank=True, help_text=_("Eén valkuil per regel."))
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RUNNING
    )
    start_year = models.PositiveSmallIntegerField(_("startjaar"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("eindjaar"), null=True, blank=True)
    partner_names = models.TextField(
        _("organisaties"),
        blank=True,
        help_text=_("De organisaties achter het project, één per regel."),
    )
    region = models.CharField(_("regio"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    target_group = models.TextField(_("doelgroep"), blank=True)
    costs = models.TextField(_("kosten en financiering"), blank=True)
    embedding = models.TextField(_("borging en opschaling"), blank=True)
    contacts = models.JSONField(_("contactpersonen"), default=list, blank=True)
    seeking_advice_on = models.TextField(_("zoekt advies over"), blank=True)
    can_help_with = models.TextField(_("kan helpen met"), blank=True)
    language = models.CharField(
        _("taal"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projecten")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["visibility", "organisation"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{_projects_root()}{self.pk}/"

    def is_visible_to(self, viewer, co_owner_ids: Iterable[int] | None = None) -> bool:
        """``ProjectQuerySet.visible_to``'s rule for this one project (tests/projects check
        that both agree): public; own or co-owned by the viewer's organisations; shared with
        the network and owned or co-owned by a network partner. ``co_owner_ids``: the
        co-owners when the caller has them already."""
        if self.visibility == Visibility.PUBLIC:
            return True
        if not viewer.org_ids and not viewer.network_org_ids:
            return False
        if co_owner_ids is None:
            co_owner_ids = self.co_owners.values_list("pk", flat=True)
        owners = {self.organisation_id, *co_owner_ids}
        if owners & set(viewer.org_ids):
            return True
        return self.visibility == Visibility.NETWORK and bool(owners & set(viewer.network_org_ids))

    @property
    def tip_list(self) -> list[str]:
        return [line.strip() for line in self.golden_tips.splitlines() if line.strip()]

    @property
    def pitfall_list(self) -> list[str]:
        return [line.strip() for line in self.pitfalls.splitlines() if line.strip()]

    @property
    def partner_list(self) -> list[str]:
        return [line.strip() for line in self.partner_names.splitlines() if line.strip()]

    @property
    def period(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year or self.end_year or "")


class RevisionNote(models.TextChoices):
    """Changes that a snapshot of the fields does not explain by itself."""

    ATTACHMENT_ADDED = "attachment_added", _("Bijlage toegevoegd")
    ATTACHMENT_REMOVED = "attachment_removed", _("Bijlage verwijderd")
    # The state before a change, kept when no revision held it yet (see services._keep_unrecorded).
    UNRECORDED = "unrecorded", _("Eerdere stand, niet eerder bewaard")


class ProjectRevision(models.Model):
    """A snapshot of a project after each change: who changed what, and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    note = models.CharField(_("wijziging"), max_length=30, choices=RevisionNote.choices, blank=True)
    # What the note is about (an attachment's title), shown beside the note.
    note_subject = models.CharField(_("onderwerp"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="uniq_project_revision")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} v{self.number}"


class ReactionKind(models.TextChoices):
    REACTION = "reactie", _("Reactie")
    TIP = "tip", _("Gouden tip")


class ReactionStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Geplaatst")
    REJECTED = "rejected", _("Afgewezen")
    HIDDEN = "hidden", _("Verborgen")


class ProjectReaction(models.Model):
    """A visitor's reaction or golden tip on a project, as the record's "reactie bezoekers".

    Never deleted: moderators approve, reject or hide it, and the decision stays on the row
    (and in the audit log). Only approved reactions are shown to and counted for others.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reactions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_reactions"
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=ReactionKind.choices, default=ReactionKind.REACTION
    )
    text = models.TextField(_("tekst"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReactionStatus.choices, default=ReactionStatus.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(_("reden"), blank=True)
    # Set when the owners were told about it: one e-mail covers every reaction of a batch.
    owners_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reactie")
        verbose_name_plural = _("reacties")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.project_id})"


class ReactionReport(models.Model):
    """Someone's report that a reaction does not belong; open until a moderator decides."""

    reaction = models.ForeignKey(ProjectReaction, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reden"))
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reaction", "reporter"], name="uniq_reaction_report")
        ]

    def __str__(self) -> str:
        return f"{self.reaction_id}: {self.reason[:40]}"


def _attachment_path(attachment: ProjectAttachment, filename: str) -> str:
    # Never the uploaded name on disk: it is only shown (escaped) and sent as a header.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/{attachment.project_id}/{uuid.uuid4().hex}.{extension}"


class ProjectAttachment(FileAttachment):
    """A file that belongs to a project record (a report, a poster, a photo, a handout).

    As private as its project: every download goes through ``get_project_for_viewer``.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)

    class Meta(FileAttachment.Meta):
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")


def _import_path(job: ProjectImportJob, filename: str) -> str:
    """Named by migration 0003; uploads are stored by the shared ``import_upload_path``."""
    return import_upload_path(job, filename)


class ProjectImportJob(ImportJob):
    """One upload of a practice collection: its dry run and, once applied, its outcome
    (lib/import_jobs.py). Jobs without an organisation import the platform's own collection
    (platform admins only)."""

    UPLOAD_FOLDER = "project_import"
    FIGURES = (
        ("rows", _("rijen in het bestand")),
        ("new", _("nieuwe projecten")),
        ("changed", _("bijgewerkte projecten")),
        ("unchanged", _("ongewijzigd")),
        ("errors", _("rijen met fouten")),
    )

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project_import_jobs",
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    counts = models.JSONField(_("aantallen"), default=dict, blank=True)
    # The first new and changed rows (row, id, title, action), for the preview.
    preview = models.JSONField(_("voorbeeld"), default=list, blank=True)

    class Meta(ImportJob.Meta):
        verbose_name = _("projectimport")
        verbose_name_plural = _("projectimports")

    def figure_counts(self) -> dict[str, int]:
        return self.counts

    @property
    def changes(self) -> int:
        return self.counts.get("new", 0) + self.counts.get("changed", 0)

    @property
    def rows_total(self) -> int:
        return self.counts.get("rows", 0)

    @property
    def error_count(self) -> int:
        return self.counts.get("errors", 0)

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.CHECKED and not self.error_count and self.changes > 0
