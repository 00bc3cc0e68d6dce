"""Practical assessments: a checklist per item, filled in by an assessor at the bedside.

``PracticalAssessment.criteria`` keeps a snapshot of the criteria with the assessor's finding
and comment for each, so changing the checklist later never changes a signed assessment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.competences.models import CompetenceItem, CompetenceRecord
from zorgwijs.organisations.models import Membership, Organisation


class Checklist(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        CompetenceItem,
        on_delete=models.PROTECT,
        related_name="checklists",
        verbose_name=_("bekwaamheid"),
    )
    title = models.CharField(_("titel"), max_length=200)
    instructions = models.TextField(_("aanwijzingen voor de beoordelaar"), blank=True)
    pass_percent = models.PositiveSmallIntegerField(
        _("minimaal percentage voldaan (niet-kritieke criteria)"), default=75
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="uniq_checklist_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("waarneming"), max_length=300)
    critical = models.BooleanField(_("kritiek (moet altijd goed)"), default=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ChecklistOutcome(models.TextChoices):
    PASSED = "passed", _("Voldoende")
    FAILED = "failed", _("Onvoldoende")


class PracticalAssessment(models.Model):
    """One observation: signed by the assessor when submitted, then by the candidate; the
    qualification is registered at the candidate's signature when the outcome is passed."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="assessments")
    candidate = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="practical_assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    performed_on = models.DateField(_("datum"))
    criteria = models.JSONField(default=list)
    score_percent = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=ChecklistOutcome.choices)
    comment = models.TextField(_("algemene opmerking"), blank=True)
    assessor_signed_at = models.DateTimeField()
    candidate_signed_at = models.DateTimeField(null=True, blank=True)
    record = models.ForeignKey(
        CompetenceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-assessor_signed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.checklist} ({self.performed_on})"
