"""Curricula and prior learning.

A school (organisation of kind ``onderwijs``) declares what a programme's track covers: outcome
codes of the shared framework at a level. A graduate of that track brings it along once the
employer has recorded the diploma. EVC portfolio evidence counts only once an assessor has
accepted it (``PriorLearning.state``), never before.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Membership, Organisation, Visibility

from .blueprints import Level


class Curriculum(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(_("opleiding"), max_length=200)
    track = models.CharField(_("uitstroomrichting"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=20,
        choices=[
            (Visibility.NETWORK, Visibility.NETWORK.label),
            (Visibility.PUBLIC, Visibility.PUBLIC.label),
        ],
        default=Visibility.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("opleidingsprogramma")
        verbose_name_plural = _("opleidingsprogramma's")
        ordering = ["programme", "track"]

    def __str__(self) -> str:
        return f"{self.programme} — {self.track}" if self.track else self.programme


class CurriculumOutcome(models.Model):
    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("leeruitkomst"), max_length=300)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "code"], name="uniq_curriculum_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.level})"


class PriorKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma van een opleiding")
    EVC = "evc", _("EVC-portfolio")
    # A completed route's outcomes from a verified credential of another organisation.
    CREDENTIAL = "credential", _("Afgeronde leerroute elders")


class PriorState(models.TextChoices):
    PENDING = "pending", _("Wacht op beoordeling")
    ACCEPTED = "accepted", _("Geaccepteerd")
    REJECTED = "rejected", _("Afgewezen")


class PriorLearning(models.Model):
    """What a person brings along: a diploma of a curriculum's track, EVC evidence for outcome
    codes at a level, or the outcomes of a route completed elsewhere (from its verified
    credential). Counts in a gap analysis only while ``accepted``."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort"), max_length=10, choices=PriorKind.choices)
    curriculum = models.ForeignKey(
        Curriculum,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opleiding"),
    )
    achieved_on = models.DateField(_("behaald op"))
    codes = models.JSONField(_("leeruitkomsten (codes)"), default=list, blank=True)
    level = models.PositiveSmallIntegerField(
        _("niveau"), choices=Level.choices, null=True, blank=True
    )
    description = models.TextField(_("toelichting"), blank=True)
    evidence_file = models.FileField(_("bewijsstuk"), upload_to="prior/%Y/%m/", blank=True)
    state = models.CharField(max_length=10, choices=PriorState.choices, default=PriorState.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    assessor_comment = models.TextField(_("opmerking beoordelaar"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("eerder verworven competentie")
        verbose_name_plural = _("eerder verworven competenties")
        ordering = ["-achieved_on", "-id"]
        indexes = [models.Index(fields=["organisation", "membership"], name="prior_member")]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.get_kind_display()} ({self.state})"
