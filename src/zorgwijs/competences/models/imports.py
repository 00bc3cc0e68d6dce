"""An uploaded file of historical qualifications, kept between preview and apply."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Organisation


class QualificationImport(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    original_name = models.CharField(_("bestand"), max_length=200)
    content = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("import van bekwaamheden")
        verbose_name_plural = _("imports van bekwaamheden")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
