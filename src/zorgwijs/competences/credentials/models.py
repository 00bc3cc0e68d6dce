from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Organisation

# A status list holds 2^17 entries (16 KB), the minimum the Bitstring Status List spec asks
# for herd privacy; indexes are drawn at random within it.
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """An organisation's signing key. The private half is stored encrypted (see keys.py)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kid = models.CharField(max_length=300, unique=True)
    public_jwk = models.JSONField()
    private_key_encrypted = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("ondertekeningssleutel")
        verbose_name_plural = _("ondertekeningssleutels")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.kid


class IssuedCredential(models.Model):
    """A verifiable credential issued for one qualification record of a person."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "competences.CompetenceItem", on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        "competences.CompetenceRecord", on_delete=models.PROTECT, related_name="credentials"
    )
    jti = models.CharField(max_length=100, unique=True)
    token = models.TextField()
    # The same credential secured with a Data Integrity proof (eddsa-rdfc-2022), the form
    # Open Badges wallets read; empty for credentials issued before that form existed.
    document = models.JSONField(null=True, blank=True)
    issued_at = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_reason = models.CharField(_("reden intrekking"), max_length=300, blank=True)
    status_list = models.PositiveIntegerField(default=1)
    status_index = models.PositiveIntegerField()

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("verifieerbaar bewijs")
        verbose_name_plural = _("verifieerbare bewijzen")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "status_list", "status_index"],
                name="uniq_credential_status_index",
            ),
        ]

    def __str__(self) -> str:
        return self.jti
