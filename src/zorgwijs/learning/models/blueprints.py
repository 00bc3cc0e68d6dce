"""Blueprints of target roles: what a role requires, per work process, versioned and shared.

A blueprint version is immutable once published: a person's route points at the version it
started on, so a later edit (a new version) never changes what someone is already learning.
Owned by one organisation, or by a network as a template that member organisations adopt and
may tighten (more outcomes, a higher level, stricter evidence), never loosen.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Network, Organisation


class ProofKind(models.TextChoices):
    """The evidence that proves a learning outcome."""

    KNOWLEDGE_TEST = "knowledge_test", _("Kennistoets")
    PRACTICAL = "practical", _("Praktijkbeoordeling")
    PORTFOLIO = "portfolio", _("Portfolio-onderdeel")
    INTERNSHIP = "internship", _("Aftekening stage")
    PRIOR_LEARNING = "prior", _("Bewijs van eerder leren")


class Level(models.IntegerChoices):
    """Miller's pyramid, the usual scale of Dutch care curricula."""

    KNOWS = 1, _("1 - weet")
    KNOWS_HOW = 2, _("2 - weet hoe")
    SHOWS = 3, _("3 - laat zien")
    DOES = 4, _("4 - doet")


class LearnBy(models.TextChoices):
    """How a missing outcome is learned; decides the kind of route step proposed for it."""

    ELEARNING = "elearning", _("E-learning")
    CLASSROOM = "classroom", _("Klassikaal")
    INTERNSHIP = "internship", _("Stage op maat")


class BlueprintState(models.TextChoices):
    DRAFT = "draft", _("Concept")
    PUBLISHED = "published", _("Vastgesteld")
    RETIRED = "retired", _("Vervangen")


class Blueprint(models.Model):
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    # Every version of one blueprint shares ``lineage``; ``version`` counts up from 1.
    lineage = models.UUIDField(default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(
        max_length=10, choices=BlueprintState.choices, default=BlueprintState.DRAFT
    )
    name = models.CharField(_("naam"), max_length=200)
    target_role = models.CharField(_("doelfunctie"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("blauwdruk")
        verbose_name_plural = _("blauwdrukken")
        ordering = ["name", "-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, network__isnull=True)
                | Q(organisation__isnull=True, network__isnull=False),
                name="blueprint_one_owner",
            ),
            models.UniqueConstraint(fields=["lineage", "version"], name="uniq_blueprint_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        return self.state == BlueprintState.DRAFT


class WorkProcess(models.Model):
    """A werkproces: a coherent part of the role's work, with its outcomes."""

    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="processes")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("werkproces"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["blueprint", "code"], name="uniq_process_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Outcome(models.Model):
    """A learning outcome with its behaviour indicators and the evidence that proves it.

    ``code`` is the outcome's code in the shared framework (the school's curriculum uses the
    same codes), which is how a diploma is matched to it. ``item`` ties the outcome to a
    catalogue item: the passport then tells whether it is covered.
    """

    blueprint = models.ForeignKey(Blueprint, on_delete=models.CASCADE, related_name="outcomes")
    process = models.ForeignKey(WorkProcess, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("leeruitkomst"), max_length=300)
    indicators = models.TextField(_("gedragsindicatoren"), help_text=_("Eén per regel."))
    proof = models.CharField(_("bewijs"), max_length=20, choices=ProofKind.choices)
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices, default=Level.DOES)
    item = models.ForeignKey(
        CompetenceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bekwaamheid uit de catalogus"),
    )
    learn_by = models.CharField(
        _("leren via"), max_length=12, choices=LearnBy.choices, default=LearnBy.ELEARNING
    )
    learn_hours = models.PositiveSmallIntegerField(_("uren leren"), default=8)
    assess_hours = models.PositiveSmallIntegerField(_("uren toetsen"), default=2)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("eerst nodig")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["process__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["blueprint", "code"], name="uniq_outcome_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def indicator_list(self) -> list[str]:
        return [line.strip() for line in self.indicators.splitlines() if line.strip()]
