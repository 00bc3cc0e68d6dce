"""Pages in Markdown with their revisions, attachments and suggested edits.

Every save is a ``PageRevision`` (append-only). ``Page`` keeps pointers to the newest and to
the validated revision, plus the current title, so a tree of a thousand pages is one query
without touching the revision bodies.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .spaces import Space

TITLE_MAX = 200


class PageQuerySet(models.QuerySet["Page"]):
    def visible_to(self, viewer) -> PageQuerySet:
        """Pages of the spaces ``viewer`` (``organisations.visibility.Viewer``) may read; which
        revision they see is the page's (``shown_revision_id``)."""
        return self.filter(space__in=Space.objects.visible_to(viewer))


class Page(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="pages")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    current_revision = models.ForeignKey(
        "PageRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    validated_revision = models.ForeignKey(
        "PageRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_due = models.DateField(_("controleren vóór"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_reminded_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")
        ordering = ["position", "title"]
        indexes = [
            models.Index(fields=["space", "parent", "position"], name="page_tree"),
            models.Index(fields=["review_due"], name="page_review_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def latest_revision(self) -> PageRevision:
        """The current revision. ``current_revision`` may be empty only inside ``page_create``,
        between storing the page and its first revision."""
        if self.current_revision is None:
            raise PageRevision.DoesNotExist(f"page {self.pk} has no revision yet")
        return self.current_revision

    @property
    def has_newer_draft(self) -> bool:
        return bool(self.validated_revision_id) and (
            self.validated_revision_id != self.current_revision_id
        )

    @property
    def shown_revision_id(self) -> int | None:
        """What readers see by default: the validated version where there is one."""
        return self.validated_revision_id or self.current_revision_id


class PageRevision(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    body = models.TextField(_("tekst (Markdown)"), blank=True)
    # Sanitised HTML, rendered once on save (knowledge.markdown), so reading costs nothing.
    body_html = models.TextField(blank=True, editable=False)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="uniq_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


def _attachment_path(attachment: Attachment, filename: str) -> str:
    # Never the uploaded name on disk: it is only shown (escaped) and sent as a header.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"knowledge/{attachment.page.space_id}/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(_("bestandsnaam"), max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["original_name"]

    def __str__(self) -> str:
        return self.original_name


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Overgenomen")
    REJECTED = "rejected", _("Afgewezen")


class Suggestion(models.Model):
    """A proposed edit by someone without edit rights; an editor accepts or rejects it."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="suggestions")
    base_revision = models.ForeignKey(PageRevision, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("titel"), max_length=TITLE_MAX)
    body = models.TextField(_("tekst (Markdown)"))
    reason = models.CharField(_("toelichting"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    source_answer = models.ForeignKey(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    resulting_revision = models.ForeignKey(
        PageRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voorstel")
        verbose_name_plural = _("voorstellen")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["page", "status"], name="suggestion_page_status")]

    def __str__(self) -> str:
        return self.title


class SuggestionComment(models.Model):
    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("opmerking"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author} over {self.suggestion}"
