"""The network's home: its profile, convenant, the people with a role, topics and actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, Organisation


class NetworkProfile(models.Model):
    """What a network says about itself and how open it is. One per network; a network without
    one is closed (network people only) until a coordinator saves its settings."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, primary_key=True, related_name="profile"
    )
    about = models.TextField(_("over het netwerk"), blank=True)
    public_home = models.BooleanField(
        _("openbare startpagina"),
        default=False,
        help_text=_(
            "Iedereen ziet dan wat het netwerk is, het convenant, de thema's en openbare "
            "activiteiten. Leden en contactpersonen blijven voor het netwerk."
        ),
    )
    open_to_individuals = models.BooleanField(
        _("open voor deelnemers zonder lidorganisatie"),
        default=False,
        help_text=_("Mensen die niet bij een lidorganisatie werken, kunnen zich aanmelden."),
    )
    anonymous_reactions = models.BooleanField(
        _("anonieme reacties op bijdragen"),
        default=False,
        help_text=_("Lezers zonder account reageren dan ook; de redactie keurt elke reactie goed."),
    )
    terms = models.TextField(
        _("deelnamevoorwaarden"),
        blank=True,
        help_text=_("Wat een deelnemer accepteert bij het aanmelden."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("netwerkprofiel")
        verbose_name_plural = _("netwerkprofielen")

    def __str__(self) -> str:
        return str(self.network)


class Convenant(models.Model):
    """The agreement the member organisations signed (e.g. "Leren is altijd", 9 July 2018)."""

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="convenant")
    title = models.CharField(_("titel"), max_length=200)
    signed_on = models.DateField(_("ondertekend op"))
    summary = models.TextField(_("samenvatting"), blank=True)
    document = models.FileField(_("document"), upload_to="networks/convenants/", blank=True)

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")

    def __str__(self) -> str:
        return self.title


class Signatory(models.Model):
    """An organisation that signed, with who signed on its behalf (a public fact of the
    convenant, not an account)."""

    convenant = models.ForeignKey(Convenant, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    signed_by = models.CharField(_("ondertekend door"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ondertekenaar")
        verbose_name_plural = _("ondertekenaars")
        ordering = ["organisation_name"]

    def __str__(self) -> str:
        return self.organisation_name


class FormerMember(models.Model):
    """A member organisation whose membership ended, kept for the network's history: who was
    a member, from when until when. The ``NetworkMembership`` itself is gone, so every check of
    who belongs to the network (pages, search, API, the other apps' joins through
    ``memberships``) leaves the organisation out without knowing about ended memberships; the
    convenant's signatories are a record of their own and stay as they are."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="former_members")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200)
    joined_on = models.DateField(_("lid sinds"))
    ended_on = models.DateField(_("lid tot"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("oud-lid")
        verbose_name_plural = _("oud-leden")
        ordering = ["-ended_on", "organisation_name"]

    def __str__(self) -> str:
        return self.organisation_name


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("Netwerkcoördinator")
    EDITOR = "editor", _("Lid van de redactie")
    PARTICIPANT = "participant", _("Deelnemer")


class NetworkRole(models.Model):
    """A person's role in a network. People of member organisations take part without a row;
    a participant row is how someone outside them joins (after accepting the terms)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles"
    )
    role = models.CharField(_("rol"), max_length=20, choices=RoleKind.choices)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("netwerkrol")
        verbose_name_plural = _("netwerkrollen")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user", "role"], name="uniq_network_role_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.network})"


class Topic(models.Model):
    """One of the convenant's themes ("Leren in de praktijk"), with actions under it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="topics")
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["network", "number"]
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="uniq_topic_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    RUNNING = "running", _("Loopt")
    DONE = "done", _("Afgerond")
    STOPPED = "stopped", _("Gestopt")


class Action(models.Model):
    """What the network does for a topic: owned by an organisation (and a named lead), carried
    out through programmes and projects of the vindplaats and the network's knowledge spaces."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("trekker (organisatie)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_name = models.CharField(
        _("trekker"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld de programmaleider of projectgroep."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projecten"), blank=True, related_name="network_actions"
    )
    spaces = models.ManyToManyField(
        "knowledge.Space",
        verbose_name=_("kennisruimtes"),
        blank=True,
        related_name="network_actions",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["topic", "position", "pk"]

    def __str__(self) -> str:
        return self.title
