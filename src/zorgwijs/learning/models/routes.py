"""Individual learning routes, their steps, notes per step, and route templates.

A route keeps the blueprint version it started on. Steps carry hours and prerequisites; their
due dates follow from those (``schedule.py``) unless the coordinator fixed one with a reason,
so the page can always say why a date is what it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.competences.models import CompetenceItem, CompetenceRecord
from zorgwijs.organisations.models import Department, Membership, Organisation, Visibility

from .blueprints import Blueprint, Outcome


class StepKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning")
    CLASSROOM = "classroom", _("Klassikale module")
    INTERNSHIP = "internship", _("Stage op maat")
    KNOWLEDGE_TEST = "knowledge_test", _("Kennistoets")
    PRACTICAL = "practical", _("Praktijkbeoordeling")


# Steps a werkbegeleider signs off in the route; the others are done by their evidence.
GUIDED_KINDS = frozenset({StepKind.INTERNSHIP, StepKind.PRACTICAL})

# Steps that are a learning module: a module test's pass or an xAPI result for the module
# completes them by name.
MODULE_KINDS = (StepKind.ELEARNING, StepKind.CLASSROOM)


class RouteState(models.TextChoices):
    DRAFT = "draft", _("Voorstel")
    ACTIVE = "active", _("Bezig")
    COMPLETED = "completed", _("Afgerond")


class Route(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("lerende")
    )
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="routes")
    name = models.CharField(_("naam"), max_length=200)
    start_date = models.DateField(_("startdatum"))
    hours_per_week = models.PositiveSmallIntegerField(
        _("leeruren per week"),
        default=8,
        help_text=_("Uren per week voor modules en toetsen; een stage telt 24 uur per week."),
    )
    mentor = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("werkbegeleider"),
    )
    state = models.CharField(max_length=10, choices=RouteState.choices, default=RouteState.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    template = models.ForeignKey(
        "RouteTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("leerroute")
        verbose_name_plural = _("leerroutes")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["organisation", "membership"], name="route_member")]

    def __str__(self) -> str:
        return self.name


class RouteStep(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("soort"), max_length=20, choices=StepKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="+")
    item = models.ForeignKey(
        CompetenceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bewijst bekwaamheid"),
    )
    department = models.ForeignKey(
        Department,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("afdeling"),
    )
    supervisor = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("werkbegeleider van deze stap"),
    )
    hours = models.PositiveSmallIntegerField(_("uren"))
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+", verbose_name=_("na")
    )
    fixed_due_day = models.PositiveSmallIntegerField(
        _("vaste deadline (dag na start)"), null=True, blank=True
    )
    fixed_due_reason = models.CharField(_("reden vaste deadline"), max_length=300, blank=True)
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # How the step got done: "sign_off" (werkbegeleider), "passport" (matching evidence in the
    # passport), "assessor" (qualification registered from the route), "coordinator".
    done_via = models.CharField(max_length=12, blank=True)
    record = models.ForeignKey(
        CompetenceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The correction in the passport that voided the evidence this step was done by: the step
    # is open again, and the page says why.
    reopened_by = models.ForeignKey(
        CompetenceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What added the step after the proposal, once per route: "remedial-test-<id>" for the
    # remedial module of a failed knowledge test.
    source_key = models.CharField(max_length=40, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "source_key"],
                condition=~models.Q(source_key=""),
                name="uniq_step_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class NoteKind(models.TextChoices):
    REFLECTION = "reflection", _("Reflectie")
    FEEDBACK = "feedback", _("Feedback")


class StepNote(models.Model):
    """A reflection or portfolio upload of the learner, or feedback of a werkbegeleider."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(RouteStep, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=NoteKind.choices)
    text = models.TextField(_("tekst"))
    file = models.FileField(_("bestand"), upload_to="portfolio/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.step_id}"


class RouteTemplate(models.Model):
    """ "Het gebaande pad": a finished route's steps, for the next person on that blueprint.

    ``steps`` is a list of {kind, title, description, hours, outcome codes, item id, department
    id, prerequisite positions}; a template reads no person's data.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="templates")
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    steps = models.JSONField(default=list)
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=20,
        choices=[
            (Visibility.ORGANISATION, Visibility.ORGANISATION.label),
            (Visibility.NETWORK, Visibility.NETWORK.label),
        ],
        default=Visibility.ORGANISATION,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("routesjabloon")
        verbose_name_plural = _("routesjablonen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def total_hours(self) -> int:
        return sum(int(step.get("hours", 0)) for step in self.steps)
