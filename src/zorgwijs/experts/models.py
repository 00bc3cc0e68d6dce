"""People of the vindplaats: who opted in to be found, with what expertise, and the contact
requests between them (relayed by the platform, addresses exchanged only on acceptance).

A profile is listed only when its owner switched ``listed`` on (off by default), and then only
to the circle its owner chose (``reach``): the own organisation, the network, or everyone with
an account. Anonymous visitors never see people. Every read goes through
``ExpertProfile.objects.visible_to(viewer)`` (see docs/experts.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Membership
from zorgwijs.projects.models import Project, Theme


class Reach(models.TextChoices):
    """Who may find a listed profile: the values of ``Visibility``, worded for people."""

    ORGANISATION = "organisation", _("Alleen mijn organisatie")
    NETWORK = "network", _("Mijn organisatie en onze netwerken")
    PUBLIC = "public", _("Iedereen met een account op Zorgwijs")


SPOKEN_LANGUAGES = (
    ("nl", _("Nederlands")),
    ("en", _("Engels")),
    ("de", _("Duits")),
    ("fr", _("Frans")),
    ("tr", _("Turks")),
    ("ar", _("Arabisch")),
    ("pl", _("Pools")),
    ("pap", _("Papiaments")),
)


def members_of(organisation_ids) -> models.Exists:
    """Whether the profile's person is a current member of ``organisation_ids``, asked per
    listed profile (the few who opted in) through the membership's user index. ``user_id IN
    (the members)`` first listed every current member of those organisations: thousands per
    hospital, tens of thousands for a network's partners, on every "whom to approach"."""
    with scopes_disabled():  # memberships of other organisations: asked, never shown
        return models.Exists(
            Membership.objects.active().filter(
                user_id=models.OuterRef("user_id"), organisation_id__in=organisation_ids
            )
        )


class ExpertProfileQuerySet(models.QuerySet["ExpertProfile"]):
    def visible_to(self, viewer) -> ExpertProfileQuerySet:
        """Listed profiles a ``search.Viewer`` may find; nothing for anonymous visitors."""
        if not viewer.is_authenticated:
            return self.none()
        condition = Q(reach=Reach.PUBLIC)
        if viewer.org_ids:
            condition |= Q(members_of(viewer.org_ids))
        if viewer.network_org_ids:
            condition |= Q(members_of(viewer.network_org_ids), reach=Reach.NETWORK)
        return self.filter(condition, listed=True, user__is_active=True)


class ExpertProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="expert_profile"
    )
    listed = models.BooleanField(
        _("vindbaar als expert"),
        default=False,
        help_text=_("Alleen dan zien anderen je profiel en kunnen ze je benaderen."),
    )
    reach = models.CharField(
        _("wie mag je vinden"), max_length=20, choices=Reach.choices, default=Reach.NETWORK
    )
    headline = models.CharField(
        _("kopregel"),
        max_length=150,
        blank=True,
        help_text=_("Eén zin: wat je doet en waar je goed in bent."),
    )
    about = models.TextField(_("over mij"), max_length=3000, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("expertise"), blank=True)
    thinks_along = models.BooleanField(
        _("denkt graag mee"),
        default=False,
        help_text=_(
            "Je wilt graag meedenken met anderen die aan een vergelijkbaar project werken."
        ),
    )
    languages = models.JSONField(_("talen"), default=list, blank=True)
    projects = models.ManyToManyField(
        Project, verbose_name=_("projecten"), blank=True, related_name="expert_profiles"
    )
    shown_items = models.ManyToManyField(
        CompetenceItem, verbose_name=_("getoonde bekwaamheden"), blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExpertProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("expertprofiel")
        verbose_name_plural = _("expertprofielen")
        indexes = [models.Index(fields=["listed", "reach"], name="expert_listed_reach")]

    def __str__(self) -> str:
        return self.user.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("experts:profile", kwargs={"expert_id": self.pk})

    @property
    def language_names(self) -> list[str]:
        names = dict(SPOKEN_LANGUAGES)
        return [str(names[code]) for code in self.languages if code in names]


class ContactStatus(models.TextChoices):
    OPEN = "open", _("Wacht op antwoord")
    ACCEPTED = "accepted", _("Geaccepteerd")
    DECLINED = "declined", _("Afgeslagen")


class ContactRequest(models.Model):
    """A message from one person to a listed profile, relayed by e-mail without the sender's
    address; on acceptance both learn each other's address, on refusal neither does."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    message = models.TextField(_("bericht"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("contactverzoek")
        verbose_name_plural = _("contactverzoeken")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=Q(status="open"),
                name="uniq_open_contact_request",
            )
        ]
        indexes = [
            models.Index(fields=["sender", "created_at"], name="contact_sender_recent"),
            models.Index(fields=["recipient", "status"], name="contact_recipient_status"),
        ]

    def __str__(self) -> str:
        return f"{self.sender_id} → {self.recipient_id} ({self.status})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("experts:request", kwargs={"contact_request_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == ContactStatus.OPEN

    @property
    def is_accepted(self) -> bool:
        return self.status == ContactStatus.ACCEPTED
