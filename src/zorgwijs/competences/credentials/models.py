from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.lib.targets import exactly_one_constraint
from zorgwijs.organisations.models import Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A status list holds 2^17 entries (16 KB), the minimum the Bitstring Status List spec asks
# for herd privacy; indexes are drawn at random within it.
STATUS_LIST_SIZE = 131_072

# Open Badges achievement types of what this platform issues for.
COMPETENCY, ASSESSMENT, LEARNING_PROGRAM = "Competency", "Assessment", "LearningProgram"


def achievement_label(achievement_type: object) -> StrOrPromise:
    """How a credential's achievement is labelled on its page: only a qualification says
    "competence"; a passed test or a completed route says what it is."""
    if achievement_type == ASSESSMENT:
        return _("Toets behaald")
    if achievement_type == LEARNING_PROGRAM:
        return _("Leerroute afgerond")
    return _("Bekwaamheid")


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


# The foreign keys naming a credential's achievement; exactly one is set.
ACHIEVEMENT_FIELDS = ("record", "attempt", "route")


class IssuedCredential(models.Model):
    """A verifiable credential issued to a person for exactly one achievement: a qualification
    record, a passed knowledge test (``attempt``) or a completed learning route (``route``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(
        "competences.CompetenceItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record = models.ForeignKey(
        "competences.CompetenceRecord",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credentials",
    )
    attempt = models.ForeignKey(
        "assessments.Attempt", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    route = models.ForeignKey(
        "learning.Route", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The achievement's name as the credential states it (empty for qualification credentials
    # issued before it was stored: their item names them).
    name = models.CharField(_("naam"), max_length=300, blank=True)
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
            exactly_one_constraint("credential_one_achievement", ACHIEVEMENT_FIELDS),
        ]

    def __str__(self) -> str:
        return self.jti

    @property
    def label(self) -> str:
        """What the credential is for, as the person's lists show it."""
        if self.name:
            return self.name
        return self.item.name if self.item is not None else ""

    @property
    def kind_label(self) -> str:
        """A passed test, a completed route or a qualification (competence)."""
        if self.attempt_id is not None:
            return str(achievement_label(ASSESSMENT))
        if self.route_id is not None:
            return str(achievement_label(LEARNING_PROGRAM))
        return str(achievement_label(COMPETENCY))

    @property
    def is_learning(self) -> bool:
        """Issued for a passed test or a completed route: only the person may see it."""
        return self.record_id is None
