"""The learning loop: what a measure from an incident analysis changed.

A ``LoopLink`` ties an ``incidents.IncidentMeasure`` to the thing it changed: a knowledge page
(the revision current when the link was made), a scenario (its version then), a competence item
or requirement profile of the organisation, a knowledge test, or a learning route step. It
belongs to the measure's organisation (scoped). It never names the reporter: the chain is
measure → incident id → lessons, and the reporter stays on the incident row only
(docs/incidents.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.lib.targets import kind_target_constraint
from zorgwijs.organisations.models import Organisation


class LoopTarget(models.TextChoices):
    PAGE = "page", _("Kennispagina")
    SCENARIO = "scenario", _("Scenario")
    ITEM = "item", _("Bekwaamheid")
    PROFILE = "profile", _("Vereistenprofiel")
    TEST = "test", _("Kennistoets")
    STEP = "step", _("Leerroutestap")


# The field of LoopLink each kind fills in.
TARGET_FIELDS = {
    LoopTarget.PAGE: "revision",
    LoopTarget.SCENARIO: "scenario_version",
    LoopTarget.ITEM: "item",
    LoopTarget.PROFILE: "profile",
    LoopTarget.TEST: "test",
    LoopTarget.STEP: "step",
}


class LoopLink(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    measure = models.ForeignKey(
        "incidents.IncidentMeasure",
        verbose_name=_("maatregel"),
        on_delete=models.CASCADE,
        related_name="loop_links",
    )
    kind = models.CharField(_("wat veranderde"), max_length=20, choices=LoopTarget.choices)
    revision = models.ForeignKey(
        "knowledge.PageRevision", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    scenario_version = models.ForeignKey(
        "scenarios.ScenarioVersion",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    item = models.ForeignKey(
        "competences.CompetenceItem",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    profile = models.ForeignKey(
        "competences.RequirementProfile",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    test = models.ForeignKey(
        "assessments.KnowledgeTest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # A step of a learning route of the organisation (e.g. a module added after the incident);
    # the chain names only the step, never the route's learner.
    step = models.ForeignKey(
        "learning.RouteStep",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("koppeling in de leerlus")
        verbose_name_plural = _("koppelingen in de leerlus")
        ordering = ["created_at", "id"]
        constraints = [kind_target_constraint("loop_link_has_its_target", "kind", TARGET_FIELDS)]

    def __str__(self) -> str:
        return f"{self.measure_id} → {self.kind}"

    @property
    def target(self):
        return getattr(self, TARGET_FIELDS[LoopTarget(self.kind)])
