"""Knowledge needs and bottlenecks: what people in care want to know, or where sharing
knowledge gets stuck, with "ik ook" from others and links to the projects that answer them.

Like projects, needs are shared content across organisations: their visibility (organisation,
network, public) decides who reads them, so every read goes through
``Need.objects.visible_to(viewer)`` (see docs/needs.md).

``UnansweredSearch`` counts searches that found nothing, per normalised query per day and per
searcher, with nothing that says who searched: no user, no address, no time of day (the searcher
is a keyed hash of the person and the query, see ``needs/unanswered.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, Organisation, Visibility
from zorgwijs.projects.models import Project, Sector, Theme


class NeedKind(models.TextChoices):
    QUESTION = "kennisvraag", _("Kennisvraag")
    BOTTLENECK = "knelpunt", _("Knelpunt in kennisdeling")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "beantwoord", _("Beantwoord")
    CLOSED = "gesloten", _("Gesloten")


class NeedQuerySet(models.QuerySet["Need"]):
    def visible_to(self, viewer) -> NeedQuerySet:
        """Needs a ``search.Viewer`` may read: public ones, those of the viewer's own
        organisations, network ones of organisations that share a network with them, and
        network ones that participants posted in a network the viewer takes part in (through a
        member organisation or a role of their own, such as a participant's)."""
        condition = Q(visibility=Visibility.PUBLIC)
        if viewer.org_ids:
            condition |= Q(organisation_id__in=viewer.org_ids)
        if viewer.network_org_ids:
            condition |= Q(
                organisation_id__in=viewer.network_org_ids, visibility=Visibility.NETWORK
            )
        if viewer.user_id is not None:
            # A subquery, not a join: the viewer is worked out without reading networks.
            networks = Network.objects.filter(
                Q(memberships__organisation_id__in=viewer.org_ids)
                | Q(roles__user_id=viewer.user_id)
            ).values("pk")
            condition |= Q(
                organisation__isnull=True, network_id__in=networks, visibility=Visibility.NETWORK
            )
        return self.filter(condition)


class Need(models.Model):
    """Posted for an organisation by one of its people, or in a network by an individual
    participant (no organisation: ``network`` is set instead and the need is never
    organisation-only)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    network = models.ForeignKey(
        Network,
        verbose_name=_("netwerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Gezet wanneer een deelnemer zonder lidorganisatie de vraag plaatste."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesteld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(
        _("soort"), max_length=20, choices=NeedKind.choices, default=NeedKind.QUESTION
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("thema's"), blank=True)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.OPEN
    )
    external_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("geplaatst"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kennisbehoefte")
        verbose_name_plural = _("kennisbehoeften")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["visibility", "organisation"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, network__isnull=True)
                | (
                    Q(organisation__isnull=True, network__isnull=False)
                    & ~Q(visibility=Visibility.ORGANISATION)
                ),
                name="need_of_organisation_or_network",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("needs:detail", kwargs={"need_id": self.pk})

    @property
    def source_name(self) -> str:
        """Who the need is of, as shown: the organisation, or for a participant's need the
        network (never the person: their name shows only where the author's does)."""
        if self.organisation is not None:
            return self.organisation.name
        return gettext("deelnemer van %(network)s") % {"network": self.network}


class NeedRevision(models.Model):
    """What a need was before an edit (append-only): every field the form edits, as stored in
    the database before the change, and who replaced it."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField(default=dict)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return f"{self.need_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class MeToo(models.Model):
    """ "Ik ook": one per person per need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="me_toos")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "user"], name="uniq_need_me_too")]

    def __str__(self) -> str:
        return f"{self.need_id} ← {self.user_id}"


class NeedAnswer(models.Model):
    """A project that answers a need. Shown only to viewers who may read the project."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="answers")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["need", "project"], name="uniq_need_answer")]

    def __str__(self) -> str:
        return f"{self.need_id} → {self.project_id}"


class UnansweredSearch(models.Model):
    """How often a (cleaned, normalised) query found nothing on one day, per searcher. No
    user, no address, no time of day: the words, a daily count and ``searcher``, a keyed hash
    of the person *and the query* (so it counts distinct people, yet the rows of one person
    cannot be linked across queries); "" for searches made before people were counted."""

    query = models.CharField(max_length=200)
    day = models.DateField()
    searcher = models.CharField(max_length=32, blank=True, default="")
    count = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["query", "day", "searcher"], name="uniq_unanswered_search_searcher"
            )
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.query} ×{self.count}"
