"""Knowledge spaces: a place per device, department or topic.

Spaces are *shared* content (docs/tenancy.md, "Visibility of shared content"), so they do not
use a ``ScopedManager``: a network or public space must be readable by people of other
organisations. Every read goes through ``knowledge.access`` instead (``Space.objects
.visible_to(viewer)`` and ``get_space_for_viewer``), which answers 404 for anything the viewer
may not see.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from zorgwijs.organisations.models import (
    Department,
    Membership,
    Network,
    Organisation,
    Visibility,
)


class SpaceKind(models.TextChoices):
    DEVICE = "device", _("Apparaat")
    DEPARTMENT = "department", _("Afdeling")
    TOPIC = "topic", _("Onderwerp")


SPACE_SCOPE = "space:"  # a viewer's scope per non-public space they may read: "space:<pk>"


class SpaceQuerySet(models.QuerySet["Space"]):
    def visible_to(self, viewer) -> SpaceQuerySet:
        """Spaces ``viewer`` (``organisations.visibility.Viewer``) may read: the public ones and
        those in the viewer's scopes. The reading rule (``readable_by``) is worked out once per
        viewer, for its scopes; a page asks this several times and the rule's joins and
        subquery cost more to build than to run."""
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.is_authenticated:
            readable = [
                int(s[len(SPACE_SCOPE) :]) for s in viewer.scopes if s.startswith(SPACE_SCOPE)
            ]
            condition |= Q(pk__in=readable)
        return self.filter(condition)

    def readable_by(self, viewer) -> SpaceQuerySet:
        """The non-public spaces ``viewer`` may read, by the knowledge app's rule: their
        organisation's own, a network space of their network or partners, and a space their
        standing place (editor, invitation) opens."""
        if not viewer.is_authenticated:
            return self.none()
        orgs = viewer.org_ids
        condition = Q(visibility=Visibility.ORGANISATION, owner_organisation_id__in=orgs)
        condition |= Q(visibility=Visibility.NETWORK) & (
            Q(owner_organisation_id__in=orgs)
            | Q(network__memberships__organisation_id__in=orgs)
            | Q(partner_organisations__id__in=orgs)
        )
        places = SpaceMembership.objects.standing_for(viewer).filter(
            status__in=[MembershipStatus.ACTIVE, MembershipStatus.INVITED]
        )
        condition |= Q(pk__in=places.values("space_id"))
        return self.filter(condition).exclude(visibility=Visibility.PUBLIC).distinct()


class Space(models.Model):
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="knowledge_spaces",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("netwerk"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="knowledge_spaces",
    )
    partner_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("samenwerkende organisaties"),
        blank=True,
        related_name="shared_knowledge_spaces",
        help_text=_("Organisaties die de ruimte samen delen."),
    )
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=SpaceKind.choices)
    visibility = models.CharField(
        _("zichtbaar voor"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.ORGANISATION,
    )
    description = models.TextField(_("omschrijving"), blank=True)
    member_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("leden: organisaties"),
        blank=True,
        related_name="+",
    )
    member_departments = models.ManyToManyField(
        Department,
        verbose_name=_("leden: afdelingen"),
        blank=True,
        related_name="+",
    )
    open_to_requests = models.BooleanField(_("lidmaatschap aanvragen mogelijk"), default=True)
    competence_items = models.ManyToManyField(
        "competences.CompetenceItem",
        verbose_name=_("bekwaamheden"),
        blank=True,
        related_name="knowledge_spaces",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("kennisruimte")
        verbose_name_plural = _("kennisruimtes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=False) | Q(network__isnull=False),
                name="space_has_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.visibility == Visibility.ORGANISATION and self.owner_organisation_id is None:
            raise ValidationError(
                {
                    "visibility": _(
                        "Een ruimte van een netwerk kan niet alleen voor één organisatie "
                        "zichtbaar zijn."
                    )
                }
            )

    @property
    def owner_label(self) -> str:
        """Whose space it is to a reader: the network for a shared space, else the owner."""
        return str(self.network or self.owner_organisation or "")


class SpaceRole(models.TextChoices):
    MEMBER = "member", _("Lid")
    EDITOR = "editor", _("Redacteur")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Actief")
    INVITED = "invited", _("Uitgenodigd")
    REQUESTED = "requested", _("Aangevraagd")


class SpaceMembershipQuerySet(models.QuerySet["SpaceMembership"]):
    def standing_for(self, viewer) -> SpaceMembershipQuerySet:
        """The places of ``viewer`` (``organisations.visibility.Viewer``) that count today.

        A place is personal, but it rests on an employment: it counts only while the person
        has a current membership of some organisation (``viewer.org_ids`` holds only
        current ones), and never in a space of an organisation whose membership of theirs is
        not current: they left it (end date passed) or have not started yet. So a leaver keeps
        nothing of a space an invitation or an editor role gave them, even when they work
        elsewhere now, while a deliberate invitation of someone employed elsewhere works.
        """
        if not viewer.is_authenticated or not viewer.org_ids:
            return self.none()
        with scopes_disabled():  # the person's own rows, whichever organisation is in scope
            not_current = Membership.objects.filter(
                user_id=viewer.user_id, organisation_id=OuterRef("space__owner_organisation_id")
            ).exclude(organisation_id__in=viewer.org_ids)
        return self.filter(~Exists(not_current), user_id=viewer.user_id)


class SpaceMembership(models.Model):
    """A person's own place in a space: editor, invited member or a request to join. What it
    grants goes through ``SpaceMembership.objects.standing_for(viewer)``."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships"
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=SpaceRole.choices, default=SpaceRole.MEMBER
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpaceMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lid van een kennisruimte")
        verbose_name_plural = _("leden van kennisruimtes")
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="uniq_space_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.space}"
