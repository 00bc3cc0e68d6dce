"""Training scenarios: a structured simulation template, its versions, runs and reviews.

Scenarios are shared content like projects: their visibility (organisation, network, public)
decides who reads them across organisations, so they are not behind a ``ScopedManager``; every
read goes through ``Scenario.objects.visible_to(viewer)`` (docs/scenarios.md).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.attachments import FileAttachment
from zorgwijs.organisations.models import Organisation, Visibility

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ScenarioStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    TESTED = "getest", _("Getest")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")


class CrmSkill(models.TextChoices):
    """The non-technical skills a scenario can train (the CRM learning goals)."""

    COMMUNICATION = "communicatie", _("Communicatie")
    LEADERSHIP = "leiderschap", _("Leiderschap")
    SITUATIONAL_AWARENESS = "situational_awareness", _("Situational awareness")
    DECISION_MAKING = "besluitvorming", _("Besluitvorming")
    TEAMWORK = "teamwork", _("Teamwork")


# The sections of the template, in the order of the form and the page. Each is a text the
# authors write; versions keep them as a snapshot and diff them section by section.
SECTIONS: tuple[tuple[str, StrOrPromise], ...] = (
    ("summary", _("Samenvatting")),
    ("goals_technical", _("Leerdoelen technisch")),
    ("goals_crm", _("Leerdoelen CRM (niet-technisch)")),
    ("target_group", _("Doelgroep")),
    ("team_composition", _("Teamsamenstelling")),
    ("setting", _("Setting")),
    ("equipment", _("Benodigdheden en apparatuur")),
    ("case_background", _("Patiënt en casus")),
    ("roles", _("Rollen en briefing per rol")),
    ("phases", _("Fasen, triggers en verwachte acties")),
    ("operator_script", _("Script voor de operator")),
    ("debriefing_questions", _("Debriefingvragen")),
    ("debriefing_method", _("Debriefingmethode")),
    ("evaluation", _("Evaluatie")),
)
SECTION_NAMES = tuple(name for name, _label in SECTIONS)


class ScenarioQuerySet(models.QuerySet["Scenario"]):
    def visible_to(self, viewer) -> ScenarioQuerySet:
        """Scenarios a ``search.Viewer`` may read: public ones, those of the viewer's own
        organisations, and network-shared ones of network partners."""
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.org_ids:
            condition |= Q(organisation_id__in=viewer.org_ids)
        if viewer.network_org_ids:
            condition |= Q(
                organisation_id__in=viewer.network_org_ids, visibility=Visibility.NETWORK
            )
        return self.filter(condition)


class Scenario(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"))
    goals_technical = models.TextField(_("leerdoelen technisch"), blank=True)
    goals_crm = models.TextField(_("leerdoelen CRM (niet-technisch)"), blank=True)
    crm_skills = models.JSONField(_("CRM-vaardigheden"), default=list, blank=True)
    target_group = models.TextField(_("doelgroep"), blank=True)
    team_composition = models.TextField(_("teamsamenstelling"), blank=True)
    setting = models.TextField(_("setting"), blank=True)
    equipment = models.TextField(_("benodigdheden en apparatuur"), blank=True)
    case_background = models.TextField(_("patiënt en casus"), blank=True)
    roles = models.TextField(_("rollen en briefing per rol"), blank=True)
    phases = models.TextField(_("fasen, triggers en verwachte acties"), blank=True)
    operator_script = models.TextField(_("script voor de operator"), blank=True)
    debriefing_questions = models.TextField(_("debriefingvragen"), blank=True)
    debriefing_method = models.TextField(_("debriefingmethode"), blank=True)
    evaluation = models.TextField(_("evaluatie"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duur in minuten"), null=True, blank=True)
    concepts = models.ManyToManyField(
        "vocabulary.Concept",
        verbose_name=_("begrippen die het scenario traint"),
        blank=True,
        related_name="scenarios",
    )
    competence_items = models.ManyToManyField(
        "competences.CompetenceItem",
        verbose_name=_("bekwaamheden die het scenario traint"),
        blank=True,
        related_name="scenarios",
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.NETWORK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    # The version of another scenario this one was copied from (a fork), kept after that
    # scenario changes so "what changed upstream since" can be shown.
    forked_from = models.ForeignKey(
        "ScenarioVersion",
        verbose_name=_("afgesplitst van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forks",
    )
    published_version = models.ForeignKey(
        "ScenarioVersion",
        verbose_name=_("gepubliceerde versie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The newest version's number, kept on the row so lists and pages need no extra query.
    version_number = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenario's")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["visibility", "organisation"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("scenarios:detail", kwargs={"scenario_id": self.pk})

    def get_crm_skills_display(self) -> list[str]:
        labels = dict(CrmSkill.choices)
        return [str(labels[s]) for s in self.crm_skills if s in labels]


class ScenarioVersion(models.Model):
    """A snapshot of a scenario after each save: every save is a version."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "number"], name="scenario_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.data.get('title', '')} v{self.number}"


class ScenarioRun(models.Model):
    """ "We ran this": a training held with a scenario, the evidence that it is tried."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    version = models.ForeignKey(ScenarioVersion, on_delete=models.PROTECT, related_name="runs")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="+"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    held_on = models.DateField(_("datum"))
    group_size = models.PositiveSmallIntegerField(_("groepsgrootte"))
    what_worked = models.TextField(_("wat werkte"), blank=True)
    what_changed = models.TextField(_("wat we aanpasten"), blank=True)
    participant_evaluation = models.TextField(_("evaluatie door deelnemers"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.scenario_id} {self.held_on}"


class ReviewCriterion(models.TextChoices):
    """The stated criteria a reviewer scores (1 to 5)."""

    GOALS = "leerdoelen", _("Leerdoelen zijn helder en toetsbaar")
    CRM = "crm", _("CRM-vaardigheden komen echt aan bod")
    REALISM = "realisme", _("De casus is realistisch")
    FEASIBLE = "uitvoerbaar", _("Uitvoerbaar met de genoemde middelen")
    DEBRIEFING = "debriefing", _("De debriefing sluit aan op de leerdoelen")


class ReviewAssignment(models.Model):
    """A reviewer from another organisation, asked to review a version before publication."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="assignments")
    version = models.ForeignKey(ScenarioVersion, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "reviewer"], name="scenario_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scenario_id} v{self.version_id} → {self.reviewer_id}"


class ScenarioReview(models.Model):
    assignment = models.OneToOneField(
        ReviewAssignment, on_delete=models.CASCADE, related_name="review"
    )
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(ScenarioVersion, on_delete=models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(_("scores"), default=dict)
    remarks = models.TextField(_("opmerkingen"))
    recommends_publication = models.BooleanField(_("publiceren aanbevolen"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.scenario_id} v{self.version_id} ← {self.reviewer_id}"

    def score_rows(self) -> list[tuple[str, int]]:
        labels = dict(ReviewCriterion.choices)
        return [(str(labels[k]), v) for k, v in self.scores.items() if k in labels]


class ScenarioComment(models.Model):
    """A comment on a published scenario."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reactie"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


def _material_path(material: ScenarioMaterial, filename: str) -> str:
    return f"scenarios/{material.scenario_id}/{uuid.uuid4().hex}-{filename}"


class ScenarioMaterial(FileAttachment):
    """A file a training needs (a patient chart, an ECG, a briefing card). As private as its
    scenario: every download goes through the scenario's access helper."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to=_material_path, max_length=300)

    class Meta(FileAttachment.Meta):
        verbose_name = _("materiaal")
        verbose_name_plural = _("materialen")


from .loop import TARGET_FIELDS, LoopLink, LoopTarget  # noqa: E402
from .starter_kits import StarterKit, StarterKitCopy  # noqa: E402
from .trainers import TrainerStandard  # noqa: E402

__all__ = [
    "SECTION_NAMES",
    "SECTIONS",
    "TARGET_FIELDS",
    "CrmSkill",
    "LoopLink",
    "LoopTarget",
    "ReviewAssignment",
    "ReviewCriterion",
    "Scenario",
    "ScenarioComment",
    "ScenarioMaterial",
    "ScenarioQuerySet",
    "ScenarioReview",
    "ScenarioRun",
    "ScenarioStatus",
    "ScenarioVersion",
    "StarterKit",
    "StarterKitCopy",
    "TrainerStandard",
]
