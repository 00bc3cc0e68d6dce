"""Contributions to a network's editorial space: monthly themes with a quote, and pieces that
go through the editorial board's workflow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network


class MonthlyTheme(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="monthly_themes")
    month = models.DateField(_("maand"), help_text=_("De eerste dag van de maand."))
    title = models.CharField(_("thema"), max_length=200)
    quote = models.TextField(_("spreuk of citaat"), blank=True)
    quote_source = models.CharField(_("van"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thema van de maand")
        verbose_name_plural = _("thema's van de maand")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["network", "month"], name="uniq_theme_per_month")
        ]

    def __str__(self) -> str:
        return self.title


class ContributionKind(models.TextChoices):
    COLUMN = "column", _("Column")
    OPINION = "opinion", _("Opinie")
    INTERVIEW = "interview", _("Interview")
    REPORT = "report", _("Reportage")
    NEWS = "news", _("Nieuws")


class ContributionStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    IN_REVIEW = "in_review", _("In behandeling bij de redactie")
    CHANGES_REQUESTED = "changes_requested", _("Aanpassingen gevraagd")
    APPROVED = "approved", _("Goedgekeurd")
    SCHEDULED = "scheduled", _("Ingepland")


class Contribution(models.Model):
    """A piece by a person of the network. Published is "scheduled and its moment has come":
    no task has to flip a status, a piece appears at its time."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="contributions")
    theme = models.ForeignKey(
        MonthlyTheme,
        verbose_name=_("thema van de maand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ContributionKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"), max_length=20000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publiceren op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["-publish_at", "-created_at"]
        indexes = [models.Index(fields=["network", "status", "publish_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "networks:contribution",
            kwargs={"network_slug": self.network.slug, "contribution_id": self.pk},
        )

    @property
    def is_published(self) -> bool:
        return (
            self.status == ContributionStatus.SCHEDULED
            and self.publish_at is not None
            and self.publish_at <= timezone.now()
        )


class ReviewDecision(models.TextChoices):
    COMMENT = "comment", _("Opmerking")
    CHANGES = "changes", _("Aanpassingen vragen")
    APPROVE = "approve", _("Goedkeuren")


class ContributionReview(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("opmerking"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contribution} – {self.decision}"


class ContributionReaction(models.Model):
    """A reader's reaction: signed in (name shown to the network), or anonymous when the network
    allows it ("(Anoniem)"); shown after the editorial board approved it."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="reactions"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reactie"), max_length=2000)
    status = models.CharField(
        max_length=20,
        choices=[
            ("pending", _("Wacht op goedkeuring")),
            ("approved", _("Goedgekeurd")),
            ("rejected", _("Afgewezen")),
        ],
        default="pending",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
