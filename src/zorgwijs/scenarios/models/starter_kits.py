"""Starter kits: a network's knowledge space made into a practice guide ("CRM starten in je
organisatie") that member organisations copy into a space of their own and adapt.

The kit and its copies are knowledge spaces, read through the knowledge app's access rules;
these rows only keep which space is a kit (and its version) and which space was copied from
which kit version (the provenance shown on the copy).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, Organisation


class StarterKit(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="+"
    )
    space = models.OneToOneField(
        "knowledge.Space",
        verbose_name=_("kennisruimte"),
        on_delete=models.CASCADE,
        related_name="starter_kit",
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    released_at = models.DateTimeField(_("uitgebracht op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("startpakket")
        verbose_name_plural = _("startpakketten")
        ordering = ["space__name", "id"]

    def __str__(self) -> str:
        return self.space.name


class StarterKitCopy(models.Model):
    kit = models.ForeignKey(StarterKit, on_delete=models.PROTECT, related_name="copies")
    version = models.PositiveIntegerField(_("versie"))
    space = models.OneToOneField(
        "knowledge.Space", on_delete=models.CASCADE, related_name="starter_kit_copy"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kit_id} v{self.version} → {self.space_id}"
