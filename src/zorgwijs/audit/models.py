"""Append-only log of access to personal data (NEN 7513 style).

Actor and subject are stored as plain ids plus a label, not foreign keys: the log must outlive
the rows it mentions and never be touched by a cascade. A database trigger (see the migration)
refuses every UPDATE and DELETE.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def about_person(self, user_id: int) -> AuditEntryQuerySet:
        return self.filter(subject_user_id=user_id)

    def in_organisation(self, organisation_id: int) -> AuditEntryQuerySet:
        return self.filter(organisation_id=organisation_id)


class AuditEntry(models.Model):
    class Kind(models.TextChoices):
        VIEW = "view", _("bekeken")
        CHANGE = "change", _("gewijzigd")
        EXPORT = "export", _("geëxporteerd")
        SIGN_IN = "signin", _("aangemeld")

    at = models.DateTimeField(_("tijdstip"), db_index=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    action = models.CharField(_("handeling"), max_length=100)
    actor_id = models.BigIntegerField(_("door (id)"), null=True, db_index=True)
    actor_label = models.CharField(_("door"), max_length=250, blank=True)
    on_behalf_of = models.CharField(_("namens"), max_length=250, blank=True)
    organisation_id = models.BigIntegerField(_("organisatie (id)"), null=True)
    organisation_label = models.CharField(_("organisatie"), max_length=200, blank=True)
    subject_user_id = models.BigIntegerField(_("betreft persoon (id)"), null=True)
    subject_label = models.CharField(_("betreft"), max_length=250, blank=True)
    object_type = models.CharField(_("soort gegevens"), max_length=100, blank=True)
    object_id = models.CharField(_("gegevens (id)"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject_user_id", "-at"], name="audit_subject_at"),
            models.Index(fields=["organisation_id", "-at"], name="audit_org_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.subject_label}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit entries are append-only.")
