"""Requirement profiles and individual requirements.

What a member must be competent in is derived from these and kept on ``PassportLine.level``
(see ``requirements.py``) whenever a profile or a person's function or department changes.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Department, JobFunction, Membership, Organisation

from .catalogue import CompetenceItem


class RequirementLevel(models.TextChoices):
    REQUIRED = "required", _("Verplicht")
    RECOMMENDED = "recommended", _("Aanbevolen")


class RequirementProfile(models.Model):
    """A vereistenprofiel: applies to functions, to departments (and their sub-departments),
    or — when both are set — to those functions within those departments."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    functions = models.ManyToManyField(JobFunction, verbose_name=_("functies"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("afdelingen (met onderliggende afdelingen)"), blank=True
    )
    items = models.ManyToManyField(CompetenceItem, through="ProfileItem", related_name="+")
    is_active = models.BooleanField(_("in gebruik"), default=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("vereistenprofiel")
        verbose_name_plural = _("vereistenprofielen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProfileItem(models.Model):
    profile = models.ForeignKey(
        RequirementProfile, on_delete=models.CASCADE, related_name="profile_items"
    )
    item = models.ForeignKey(CompetenceItem, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(
        _("niveau"),
        max_length=12,
        choices=RequirementLevel.choices,
        default=RequirementLevel.REQUIRED,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "item"], name="uniq_profile_item")
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.item_id} ({self.level})"


class IndividualRequirement(models.Model):
    """An item required of one person on top of their profiles (e.g. a super-user role)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(CompetenceItem, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(
        _("niveau"),
        max_length=12,
        choices=RequirementLevel.choices,
        default=RequirementLevel.REQUIRED,
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "item"], name="uniq_individual_req")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.item_id} ({self.level})"
