"""The shared vocabulary (begrippenkader): SKOS-shaped concepts with labels per language.

A concept belongs to a network, whose editors maintain it, or to no network: the platform's
own vocabulary (what used to be the search glossary), maintained by platform admins. The
vocabulary is public content: definitions hold no personal or organisation data, and the
whole field should use the same words. Search takes its synonyms from the labels.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    ENGLISH = "en", _("Engels")


class LabelKind(models.TextChoices):
    """SKOS: prefLabel (shown), altLabel (shown, also found), hiddenLabel (found only)."""

    PREFERRED = "pref", _("Voorkeursterm")
    ALTERNATIVE = "alt", _("Synoniem")
    HIDDEN = "hidden", _("Verborgen term")


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


class Concept(models.Model):
    network = models.ForeignKey(
        Network,
        verbose_name=_("netwerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leeg: het begrippenkader van het platform."),
    )
    definition_nl = models.TextField(_("definitie (Nederlands)"), blank=True)
    definition_en = models.TextField(_("definitie (Engels)"), blank=True)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    broader = models.ManyToManyField(
        "self",
        verbose_name=_("breder begrip"),
        symmetrical=False,
        blank=True,
        related_name="narrower",
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("verwant begrip"), symmetrical=True, blank=True
    )
    # Denormalised for lists and sorting without a join; kept by the services.
    pref_nl = models.CharField(_("voorkeursterm (Nederlands)"), max_length=200)
    pref_en = models.CharField(_("voorkeursterm (Engels)"), max_length=200, blank=True)
    revision_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")
        ordering = ["pref_nl", "id"]

    def __str__(self) -> str:
        return self.pref_nl

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("vocabulary:detail", kwargs={"concept_id": self.pk})

    def definition(self, language: str) -> str:
        if language.startswith("en") and self.definition_en:
            return self.definition_en
        return self.definition_nl or self.definition_en

    def label(self, language: str) -> str:
        if language.startswith("en") and self.pref_en:
            return self.pref_en
        return self.pref_nl


class ConceptLabel(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    # The concept's network, repeated so the database can refuse a second preferred label.
    network = models.ForeignKey(Network, null=True, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=2, choices=Language.choices)
    kind = models.CharField(max_length=6, choices=LabelKind.choices)
    text = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200)

    class Meta:
        ordering = ["language", "kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "language", "normalised"],
                condition=Q(kind="pref"),
                name="vocabulary_one_preferred_label",
            )
        ]

    def __str__(self) -> str:
        return self.text


class ConceptRevision(models.Model):
    """The concept after each change: who changed what, and when."""

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["concept", "number"], name="concept_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.concept_id} r{self.number}"
