"""Posters at an event: submissions, the jury's scores on stated criteria, an optional public
vote, and the award shown on the winning poster and its organisation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Organisation

from .events import Event


class Poster(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="posters")
    title = models.CharField(_("titel"), max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    abstract = models.TextField(_("samenvatting"), max_length=3000)
    file = models.FileField(_("poster"), upload_to="networks/posters/")
    original_name = models.CharField(max_length=200)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    award = models.CharField(_("prijs"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poster")
        verbose_name_plural = _("posters")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class PosterScore(models.Model):
    """One juror's score (1–5) of one poster on one of the event's criteria."""

    poster = models.ForeignKey(Poster, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(max_length=200)
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poster", "juror", "criterion"], name="uniq_poster_score"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="poster_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.poster} – {self.criterion}: {self.score}"


class PosterVote(models.Model):
    """A visitor's vote in the public vote: one per person per event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="poster_votes")
    poster = models.ForeignKey(Poster, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="uniq_poster_vote_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.poster}"
