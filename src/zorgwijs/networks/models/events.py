"""Events of a network: a programme of sessions, registrations with a waiting list, and what
remains after a workshop (summary, golden tips, visitors' reactions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, Visibility


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Congres of werkconferentie")
    MEETING = "meeting", _("Bijeenkomst")
    ROUND_TABLE = "round_table", _("Rondetafelgesprek")
    WORKSHOP = "workshop", _("Workshop")


EVENT_VISIBILITY = [(Visibility.NETWORK, _("Netwerk")), (Visibility.PUBLIC, _("Openbaar"))]


class Event(models.Model):
    """One event. ``confirmed_count`` is the number of confirmed event registrations, kept by
    the registration service with one conditional UPDATE so capacity holds under concurrency."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    location = models.CharField(_("locatie"), max_length=200, blank=True)
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=20,
        choices=EVENT_VISIBILITY,
        default=Visibility.NETWORK,
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: onbeperkt.")
    )
    registration_open = models.BooleanField(_("aanmelden mogelijk"), default=True)
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisatoren"), blank=True, related_name="+"
    )
    uid = models.CharField(max_length=120, blank=True, help_text="UID of an imported event")
    poster_criteria = models.TextField(
        _("beoordelingscriteria voor posters"),
        blank=True,
        help_text=_("Eén criterium per regel. Leeg: geen posters bij deze activiteit."),
    )
    public_vote = models.BooleanField(_("publieksprijs: bezoekers stemmen"), default=False)
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("jury"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["network", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "networks:event", kwargs={"network_slug": self.network.slug, "event_id": self.pk}
        )

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def criteria(self) -> list[str]:
        return [line.strip() for line in self.poster_criteria.splitlines() if line.strip()]


class Session(models.Model):
    """A part of the programme (a workshop, a round): leaders, room, its own capacity."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    leaders = models.CharField(
        _("workshopleiders"), max_length=300, blank=True, help_text=_("Namen, met komma's.")
    )
    room = models.CharField(_("zaal"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("begint"))
    ends_at = models.DateTimeField(_("eindigt"))
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: onbeperkt.")
    )
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    summary = models.TextField(_("verslag"), blank=True)
    golden_tips = models.TextField(_("gouden tips"), blank=True, help_text=_("Eén tip per regel."))

    class Meta:
        verbose_name = _("programmaonderdeel")
        verbose_name_plural = _("programmaonderdelen")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def tips(self) -> list[str]:
        return [line.strip() for line in self.golden_tips.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Aangemeld")
    WAITING = "waiting", _("Op de wachtlijst")
    CANCELLED = "cancelled", _("Afgemeld")


class Registration(models.Model):
    """A person's place at an event (``session`` empty) or in one session of it. At most one
    live (not cancelled) registration per person for each; the waiting list is in order of
    ``created_at`` and moves up when someone cancels."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(session__isnull=True) & ~Q(status="cancelled"),
                name="uniq_live_event_registration",
            ),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(session__isnull=False) & ~Q(status="cancelled"),
                name="uniq_live_session_registration",
            ),
        ]
        indexes = [models.Index(fields=["event", "session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.session or self.event} ({self.status})"


class ReactionStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op goedkeuring")
    APPROVED = "approved", _("Goedgekeurd")
    REJECTED = "rejected", _("Afgewezen")


class SessionReaction(models.Model):
    """A visitor's reaction on a workshop page, shown after an organiser approved it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reactions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("reactie"), max_length=2000)
    status = models.CharField(
        max_length=20, choices=ReactionStatus.choices, default=ReactionStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reactie op een workshop")
        verbose_name_plural = _("reacties op workshops")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
