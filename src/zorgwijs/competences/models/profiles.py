"""Requirement profiles and individual requirements.

What a member must be competent in is derived from these and kept on ``PassportLine.level``
(see ``requirements.py``) whenever a profile or a person's function or department changes.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import (
    Department,
    JobFunction,
    Membership,
    Network,
    Organisation,
)

from .catalogue import CompetenceItem


class RequirementLevel(models.TextChoices):
    REQUIRED = "required", _("Verplicht")
    RECOMMENDED = "recommended", _("Aanbevolen")


class NetworkTemplates(models.Manager):
    """The profiles a network shares: rows without an organisation, so no scope applies."""

    def get_queryset(self):
        return super().get_queryset().filter(organisation__isnull=True, network__isnull=False)


class RequirementProfile(models.Model):
    """A vereistenprofiel: applies to functions, to departments (and their sub-departments),
    or — when both are set — to those functions within those departments.

    Owned by one organisation, or shared in a network as a template (a function profile of the
    region) whose items are the network's shared items. An organisation adopts a template
    (``adopted_from``) and may tighten it (more items, "recommended" made "required"; the
    items' own validity and evidence through ``CompetenceItem``), never loosen it
    (``network_catalogue.profile_tightening_errors``).
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    functions = models.ManyToManyField(JobFunction, verbose_name=_("functies"), blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("afdelingen (met onderliggende afdelingen)"), blank=True
    )
    items = models.ManyToManyField(CompetenceItem, through="ProfileItem", related_name="+")
    is_active = models.BooleanField(_("in gebruik"), default=True)
    # A network's template is edited as a new version: the old one stays (inactive) for the
    # organisations that adopted it, the new one points back at it.
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )

    objects = ScopedManager(organisation="organisation")
    network_templates = NetworkTemplates()

    class Meta:
        verbose_name = _("vereistenprofiel")
        verbose_name_plural = _("vereistenprofielen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, network__isnull=True)
                | Q(organisation__isnull=True, network__isnull=False),
                name="requirement_profile_one_owner",
            ),
            models.UniqueConstraint(
                fields=["network", "name"],
                name="uniq_profile_name_per_network",
                # Earlier versions of a template keep its name.
                condition=Q(network__isnull=False, is_active=True),
            ),
        ]

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
