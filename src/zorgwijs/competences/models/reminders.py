"""Expiry reminders, managers' weekly digests, and who wants which.

``ReminderSent`` and ``DigestSent`` are claims: a row is written (state ``claimed``) in its own
transaction before the e-mail is handed to the mail task, and marked ``sent`` in the same
transaction that enqueues the mail. The unique constraints make a second worker's claim fail,
so each reminder goes out once; a claim that was never marked sent (the worker died) is taken
over by a later run once its lease has passed.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Membership, Organisation

from .catalogue import CompetenceItem

DEFAULT_OFFSETS = [90, 30, 7]


class ClaimState(models.TextChoices):
    CLAIMED = "claimed", _("Bezig met versturen")
    SENT = "sent", _("Verstuurd")


class ReminderSettings(models.Model):
    """An organisation's defaults: days before expiry at which people get a reminder."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    offsets = models.JSONField(_("herinneren (dagen vooraf)"), default=list)
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekoverzicht op"), default=0, help_text=_("0 = maandag … 6 = zondag.")
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("instellingen herinneringen")
        verbose_name_plural = _("instellingen herinneringen")

    def __str__(self) -> str:
        return ", ".join(map(str, self.offsets))


class ReminderPreference(models.Model):
    """One person's choices; empty ``offsets`` means the organisation's defaults."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    offsets = models.JSONField(_("herinneren (dagen vooraf)"), default=list, blank=True)
    reminders_enabled = models.BooleanField(_("herinneringen ontvangen"), default=True)
    digest_enabled = models.BooleanField(_("weekoverzicht ontvangen"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("voorkeur meldingen")
        verbose_name_plural = _("voorkeuren meldingen")

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.offsets}"


class ReminderSent(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(CompetenceItem, on_delete=models.CASCADE, related_name="+")
    valid_until = models.DateField(_("geldig tot"))
    offset = models.PositiveSmallIntegerField(_("dagen vooraf"))
    state = models.CharField(max_length=10, choices=ClaimState.choices, default=ClaimState.CLAIMED)
    claimed_at = models.DateTimeField()
    claim_token = models.CharField(max_length=32)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "item", "valid_until", "offset"], name="uniq_reminder_sent"
            ),
        ]
        indexes = [models.Index(fields=["state", "claimed_at"], name="reminder_state_claimed")]

    def __str__(self) -> str:
        return f"{self.item_id} {self.valid_until} -{self.offset}d ({self.state})"


class DigestSent(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week van"))  # the Monday of the week
    lines = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ClaimState.choices, default=ClaimState.CLAIMED)
    claimed_at = models.DateTimeField()
    claim_token = models.CharField(max_length=32)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "week"], name="uniq_digest_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.week} ({self.state})"
