"""Knowledge tests: a question bank in pools, attempts that snapshot what was drawn.

An attempt copies every drawn question (text, options, the right answer) into its
``AttemptAnswer`` rows when it starts, so editing or retiring a question later never changes
a past attempt, its score or its item analysis.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.competences.models import CompetenceItem, CompetenceRecord
from zorgwijs.organisations.models import Membership, Organisation


class KnowledgeTest(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # A test proves a catalogue item (a pass is theory-test evidence in the passport), a
    # learning module (a pass completes the route steps for that module), or both.
    item = models.ForeignKey(
        CompetenceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="knowledge_tests",
        verbose_name=_("bekwaamheid"),
    )
    module = models.CharField(
        _("module"),
        max_length=200,
        blank=True,
        help_text=_(
            "Naam van de module (e-learning of klassikaal) zoals in de leerroute: wie slaagt, "
            "heeft die module en haar kennistoets in de route af."
        ),
    )
    title = models.CharField(_("titel"), max_length=200)
    instructions = models.TextField(_("uitleg vooraf"), blank=True)
    pass_percent = models.PositiveSmallIntegerField(
        _("cesuur (percentage goed)"),
        default=80,
        help_text=_("Geslaagd bij minstens dit percentage goed van de getrokken vragen."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("tijdslimiet (minuten)"), null=True, blank=True, help_text=_("Leeg: geen tijdslimiet.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("aantal pogingen"),
        null=True,
        blank=True,
        help_text=_(
            "Per ronde; een geslaagde toets of herbeoordeling begint een nieuwe ronde. "
            "Leeg: onbeperkt."
        ),
    )
    wait_hours = models.PositiveSmallIntegerField(
        _("wachttijd na een onvoldoende (uren)"), default=0
    )
    notify_on_fail = models.BooleanField(
        _("opleidingsfunctionaris en leidinggevende mailen bij een onvoldoende"), default=True
    )
    interview_after_fails = models.PositiveSmallIntegerField(
        _("gesprek na zoveel onvoldoendes"),
        null=True,
        blank=True,
        help_text=_("Leeg: geen gesprek."),
    )
    remedial_module = models.CharField(
        _("herhaalmodule bij een onvoldoende"),
        max_length=200,
        blank=True,
        help_text=_("Naam van de module die de leerroute krijgt na een onvoldoende."),
    )
    is_active = models.BooleanField(_("open voor deelnemers"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("kennistoets")
        verbose_name_plural = _("kennistoetsen")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title"], name="uniq_test_title"),
            models.CheckConstraint(
                condition=models.Q(pass_percent__gte=1, pass_percent__lte=100),
                name="test_pass_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | ~models.Q(module=""),
                name="test_item_or_module",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def proves(self) -> str:
        """What the test proves, for lists: the item, the module, or both."""
        names = [self.item.name] if self.item is not None else []
        return " · ".join([*names, self.module] if self.module else names)


class QuestionPool(models.Model):
    """A group of questions from which each attempt draws ``draw_count`` at random."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE, related_name="pools")
    name = models.CharField(_("naam"), max_length=120)
    draw_count = models.PositiveSmallIntegerField(_("vragen per poging"), default=5)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("vragenpool")
        verbose_name_plural = _("vragenpools")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["test", "name"], name="uniq_pool_name"),
        ]

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Eén goed antwoord")
    MULTIPLE = "multiple", _("Meer goede antwoorden")
    TRUE_FALSE = "true_false", _("Waar of niet waar")
    NUMERIC = "numeric", _("Getal (rekenvraag)")


class Question(models.Model):
    """One question. ``options`` is a list of ``{"key", "text"}``; ``correct`` the keys of the
    right options, or for a numeric question the value, tolerance and unit fields."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    pool = models.ForeignKey(QuestionPool, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("soort vraag"), max_length=12, choices=QuestionKind.choices)
    text = models.TextField(_("vraag"))
    options = models.JSONField(default=list, blank=True)
    correct = models.JSONField(default=list, blank=True)
    answer_value = models.DecimalField(
        _("goed antwoord"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("marge (±)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("eenheid"), max_length=20, blank=True)
    explanation = models.TextField(_("uitleg na afloop"), blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["pk"]
        indexes = [models.Index(fields=["pool", "is_active"], name="question_pool_active")]

    def __str__(self) -> str:
        return self.text[:80]


class AttemptState(models.TextChoices):
    OPEN = "open", _("Bezig")
    PASSED = "passed", _("Geslaagd")
    FAILED = "failed", _("Niet geslaagd")
    EXPIRED = "expired", _("Tijd verstreken")


class Attempt(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.PROTECT, related_name="attempts")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="test_attempts"
    )
    state = models.CharField(max_length=10, choices=AttemptState.choices, default="open")
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    pass_percent = models.PositiveSmallIntegerField()  # the test's, when it started
    correct_count = models.PositiveSmallIntegerField(default=0)
    question_count = models.PositiveSmallIntegerField(default=0)
    interview_needed = models.BooleanField(default=False)
    record = models.ForeignKey(
        CompetenceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [
            models.Index(fields=["test", "membership", "started_at"], name="attempt_person"),
        ]
        constraints = [
            # One open attempt per person and test: a second start resumes it.
            models.UniqueConstraint(
                fields=["test", "membership"],
                condition=models.Q(state="open"),
                name="uniq_open_attempt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.test} #{self.pk}"

    @property
    def percent(self) -> int:
        if not self.question_count:
            return 0
        return round(100 * self.correct_count / self.question_count)


class AttemptAnswer(models.Model):
    """One drawn question of an attempt: the snapshot, the answer given and whether it was
    right. ``question`` only links back for the item analysis."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        Question, null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=QuestionKind.choices)
    text = models.TextField()
    options = models.JSONField(default=list)
    correct = models.JSONField(default=list)
    answer_value = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    tolerance = models.DecimalField(max_digits=14, decimal_places=4, null=True)
    unit = models.CharField(max_length=20, blank=True)
    explanation = models.TextField(blank=True)
    given = models.JSONField(default=list)
    is_correct = models.BooleanField(null=True)

    objects = ScopedManager(organisation="attempt__organisation")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="uniq_answer_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}/{self.position}"


class AttemptGrant(models.Model):
    """A coordinator opens a new round of attempts (after the interview, say): failed
    attempts before it no longer count against the cap."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    test = models.ForeignKey(KnowledgeTest, on_delete=models.CASCADE, related_name="grants")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reden"), max_length=300)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.test_id}: {self.reason}"
