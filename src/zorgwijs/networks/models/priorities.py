"""Deciding together what knowledge is needed (seed 004): a coordinator opens a round over the
region's knowledge needs, each member organisation ranks them once (its ballot, which it may
change until the round closes), and the closed round is the network's knowledge agenda.

A ballot is the organisation's own data (``ScopedManager``): no other organisation, and no
coordinator, ever reads its choices — before the close nor after. What the network sees is the
count of ballots before the close and the totals (``AgendaItem``) after it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.needs.models import Need
from zorgwijs.organisations.models import Network, Organisation

MAX_CHOICES = 10


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Gesloten")


class PriorityRound(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), max_length=3000, blank=True)
    choices = models.PositiveSmallIntegerField(
        _("aantal keuzes per organisatie"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)],
        help_text=_(
            "Elke organisatie zet zoveel kennisbehoeften op volgorde; plaats 1 krijgt de "
            "meeste punten. Kies 1 voor één stem per organisatie."
        ),
    )
    closes_on = models.DateField(
        _("stemmen kan tot en met"),
        null=True,
        blank=True,
        help_text=_("Leeg: tot de coördinator de ronde sluit."),
    )
    individuals_vote = models.BooleanField(
        _("deelnemers zonder lidorganisatie stemmen mee"),
        default=False,
        help_text=_(
            "Elke deelnemer die op eigen titel meedoet, brengt dan één eigen stem uit; "
            "organisaties houden één stem per organisatie."
        ),
    )
    candidates = models.ManyToManyField(Need, verbose_name=_("kennisbehoeften"), related_name="+")
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    ballot_count = models.PositiveIntegerField(default=0)  # kept at the close: ballots counted
    personal_ballot_count = models.PositiveIntegerField(default=0)  # of them, participants'
    # Kept at the close: ballots left out of the tally (their organisation was no longer a
    # member, their voter no longer a participant); the ballots themselves stay, ``left_out``.
    left_out_count = models.PositiveIntegerField(default=0)
    closed_automatically = models.BooleanField(default=False)  # by the scheduled run

    class Meta:
        verbose_name = _("prioriteringsronde")
        verbose_name_plural = _("prioriteringsronden")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(choices__gte=1, choices__lte=MAX_CHOICES),
                name="priority_round_choices_1_to_10",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class PriorityBallot(models.Model):
    """One member organisation's ranking in one round, or one individual participant's (no
    organisation: ``voter`` is set) when the round lets individuals vote; changed in place
    until the close. A participant's ballot is their own: read with ``scopes_disabled`` and
    ``voter=`` the person, never listed to anyone."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="ballots")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    # Set at the close: the organisation was no longer a member of the network (or the voter no
    # longer a participant), so the ballot is kept for the record but not counted.
    left_out = models.BooleanField(default=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="uniq_priority_ballot_per_org"
            ),
            models.UniqueConstraint(
                fields=["round", "voter"],
                condition=Q(organisation__isnull=True),
                name="uniq_priority_ballot_per_person",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, voter__isnull=True)
                | Q(organisation__isnull=True, voter__isnull=False),
                name="priority_ballot_of_org_or_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.organisation_id}"


class BallotChoice(models.Model):
    ballot = models.ForeignKey(PriorityBallot, on_delete=models.CASCADE, related_name="ranked")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CHOICES)]
    )

    objects = ScopedManager(organisation="ballot__organisation")

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "need"], name="uniq_ballot_need"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="uniq_ballot_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.rank}. {self.need_id}"


class AgendaItem(models.Model):
    """One line of the published agenda, fixed at the close: a need and its totals."""

    round = models.ForeignKey(PriorityRound, on_delete=models.CASCADE, related_name="agenda")
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.PositiveIntegerField()
    first_places = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)  # how many organisations ranked it
    people = models.PositiveIntegerField(default=0)  # how many participants ranked it

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "need"], name="uniq_agenda_need"),
            models.UniqueConstraint(fields=["round", "position"], name="uniq_agenda_position"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.position}. {self.need_id} ({self.score})"
