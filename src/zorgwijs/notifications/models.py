"""Following, notifications and how each person wants to hear about them.

A ``Follow`` and a ``Notification`` point at their object through one of four nullable
foreign keys (space, page, question, incident; ``lib/targets.py``) instead of a generic
relation: the follower query of an event is a plain indexed ``WHERE page_id = … OR
space_id = …``, the list of notifications joins its objects with ``select_related`` (no N+1),
and deleting an object deletes what points at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.targets import OneTarget, exactly_one_constraint

# The objects one can follow, in the order the "exactly one" constraints list them.
TARGET_FIELDS = ("space", "page", "question", "incident")
# What a notification can be about besides those: things addressed to a person, not followed
# (a sign-off request for an assessor, its decision for the employee, a requirement profile
# that gave someone new requirements, a colleague's finished learning route or failed test for
# their manager and coordinator, a network contribution's editorial step for its author or the
# editorial board).
PERSONAL_TARGET_FIELDS = ("sign_off", "profile", "route", "attempt", "contribution")
NOTIFICATION_TARGET_FIELDS = TARGET_FIELDS + PERSONAL_TARGET_FIELDS


class TargetMixin(OneTarget, models.Model):
    target_fields: ClassVar[Sequence[str]] = TARGET_FIELDS

    space = models.ForeignKey(
        "knowledge.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "knowledge.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        "knowledge.Question", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    incident = models.ForeignKey(
        "incidents.Incident", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True


class Follow(TargetMixin):
    """A person follows an object. ``following=False`` remembers an explicit unfollow, so that
    automatic following (after an edit or an answer) does not bring it back, and so that
    unfollowing one page of a followed space silences that page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    following = models.BooleanField(default=True)
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volgen")
        verbose_name_plural = _("volgen")
        constraints = [
            exactly_one_constraint("follow_one_target", TARGET_FIELDS),
            *(
                models.UniqueConstraint(
                    fields=["user", field],
                    condition=Q(**{f"{field}__isnull": False}),
                    name=f"uniq_follow_{field}",
                )
                for field in TARGET_FIELDS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target_kind} {self.target}"


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Direct een e-mail per gebeurtenis")
    DAILY = "daily", _("Eén e-mail per dag")
    WEEKLY = "weekly", _("Eén e-mail per week")
    NONE = "none", _("Geen e-mail")


class Category(models.TextChoices):
    """What a person sets a delivery for: event kinds grouped the way people think of them."""

    PAGES = "pages", _("Pagina's en kennisruimtes")
    QUESTIONS = "questions", _("Vragen en antwoorden")
    SUGGESTIONS = "suggestions", _("Voorstellen voor pagina's")
    INCIDENTS = "incidents", _("Incidentmeldingen")
    COMPETENCES = "competences", _("Aftekenen en vereisten")
    CONTRIBUTIONS = "contributions", _("Bijdragen en redactie in netwerken")


DEFAULT_DELIVERY = Delivery.DAILY
# What waits for someone's action is mailed at once unless they chose otherwise.
CATEGORY_DEFAULTS: dict[str, str] = {
    Category.COMPETENCES: Delivery.IMMEDIATE,
    Category.CONTRIBUTIONS: Delivery.IMMEDIATE,
}


def default_delivery(category: str) -> str:
    return CATEGORY_DEFAULTS.get(category, DEFAULT_DELIVERY)


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("onderwerp"), max_length=20, choices=Category.choices)
    delivery = models.CharField(
        _("e-mail"), max_length=20, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )

    class Meta:
        verbose_name = _("meldingsvoorkeur")
        verbose_name_plural = _("meldingsvoorkeuren")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="uniq_notification_pref")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.category} {self.delivery}"


class Notification(TargetMixin):
    """Something happened to an object the recipient follows, or to something addressed to
    them (``PERSONAL_TARGET_FIELDS``).

    The text is not stored: it is rendered from ``kind``, the object's current title and the
    actor's name in the reader's language when shown. A burst of the same event by the same
    actor on the same object is one row with ``count`` (see ``services.notify``).
    """

    target_fields = NOTIFICATION_TARGET_FIELDS

    sign_off = models.ForeignKey(
        "competences.SignOffRequest",
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
    route = models.ForeignKey(
        "learning.Route", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    attempt = models.ForeignKey(
        "assessments.Attempt", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    contribution = models.ForeignKey(
        "networks.Contribution",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=50)
    # NULL when nobody may be named (an incident report) or the person no longer exists.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_event_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=20, choices=Delivery.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-last_event_at", "-id"]
        constraints = [
            exactly_one_constraint("notification_one_target", NOTIFICATION_TARGET_FIELDS)
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-last_event_at"], name="notif_inbox"),
            models.Index(fields=["delivery", "emailed_at"], name="notif_pending_mail"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
