"""Qualification records (append-only) and each person's current standing per item.

``CompetenceRecord`` is the evidence: never changed, never deleted. A mistake is corrected by a
new record that ``voids`` the wrong one, with a reason. ``PassportLine`` is derived from the records
by ``standing.standing_recompute`` in the same transaction as every new record.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.organisations.models import Membership, Organisation

from .catalogue import CompetenceItem, EvidenceKind
from .profiles import RequirementLevel


class RecordKind(models.TextChoices):
    QUALIFICATION = "qualification", _("Bekwaam verklaard")
    EXEMPTION = "exemption", _("Vrijstelling")
    SUSPENSION = "suspension", _("Geschorst")
    REINSTATEMENT = "reinstatement", _("Schorsing opgeheven")
    REVOCATION = "revocation", _("Ingetrokken")
    PERFORMED = "performed", _("Uitgevoerd (recentie)")
    VOID = "void", _("Correctie: vervalt")


class CompetenceRecord(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="competence_records"
    )
    item = models.ForeignKey(CompetenceItem, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("soort"), max_length=20, choices=RecordKind.choices)
    occurred_on = models.DateField(_("datum"))
    entered_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)
    valid_until_reason = models.CharField(
        _("reden afwijkende geldigheid"), max_length=300, blank=True
    )
    backdate_reason = models.CharField(_("reden terugdatering"), max_length=300, blank=True)
    evidence_kind = models.CharField(
        _("bewijs"), max_length=20, choices=EvidenceKind.choices, blank=True
    )
    evidence_file = models.FileField(_("bewijsstuk"), upload_to="evidence/%Y/%m/", blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True)
    ends_on = models.DateField(_("tot en met"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("afgetekend door"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("geregistreerd door"),
    )
    source = models.CharField(_("bron"), max_length=20, default="manual")
    external_ref = models.CharField(_("externe referentie"), max_length=120, blank=True)
    voids = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="voided_by"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "person", "item"], name="record_person_item"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="uniq_record_external_ref",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.item} ({self.occurred_on})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Competence records are append-only; add a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Competence records are never deleted; add a correction.")


_STATUS_COLUMNS = [
    "suspended",
    "exempt_until",
    "ever_qualified",
    "first_qualified_on",
    "valid_until",
    "expiring_from",
    "in_progress",
    "recency_until",
]
_MEMBER_SIDE = ["membership", "level", "item"]


class PassportLine(models.Model):
    """One member and one item: whether it is required, and where they stand now.

    Derived data, one row per (membership, item) that is required or has records. Keeping
    requirement and standing in one row makes the team matrix and the organisation dashboard
    single indexed queries, whatever the size of the organisation.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="passport_lines"
    )
    item = models.ForeignKey(CompetenceItem, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=RequirementLevel.choices, blank=True)
    ever_qualified = models.BooleanField(default=False)
    first_qualified_on = models.DateField(null=True)
    last_qualified_on = models.DateField(null=True)
    valid_until = models.DateField(null=True)  # NULL with ever_qualified: does not expire
    expiring_from = models.DateField(null=True)  # valid_until minus the item's warning window
    exempt_until = models.DateField(null=True)
    suspended = models.BooleanField(default=False)
    in_progress = models.BooleanField(default=False)
    # The item's recency rule ("performed at least N times in the last M months") is kept apart
    # from validity: the last day on which it is met by the performances so far (NULL: never;
    # date.max: the item has no rule), so the status CASE needs no join to the item.
    recency_until = models.DateField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "item"], name="uniq_passport_line")
        ]
        indexes = [
            models.Index(fields=["organisation", "item", "level"], name="line_org_item"),
            models.Index(fields=["organisation", "level", "valid_until"], name="line_org_valid"),
            # Covering index for the compliance aggregates (dashboard.py): every column the
            # status needs is in it, so counting 20,000 people's lines reads no table rows.
            models.Index(fields=[*_MEMBER_SIDE, *_STATUS_COLUMNS], name="line_member_status"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.item_id}"


class SignOffRequest(models.Model):
    """A request for an assessor to sign off a practical assessment (aftekenen)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Wacht op beoordelaar")
        APPROVED = "approved", _("Afgetekend")
        REJECTED = "rejected", _("Afgewezen")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(CompetenceItem, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    performed_on = models.DateField(_("uitgevoerd op"))
    note = models.TextField(_("toelichting"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("opmerking beoordelaar"), blank=True)
    record = models.OneToOneField(
        CompetenceRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="sign_off"
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("aftekenverzoek")
        verbose_name_plural = _("aftekenverzoeken")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "person", "item"],
                condition=models.Q(state="pending"),
                name="one_pending_sign_off",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.item_id} ({self.state})"


class AuthorisedAssessor(models.Model):
    """A member a coordinator has named assessor for one item without holding it themselves
    (e.g. the supplier's trainer, a clinical specialist). Everyone else may sign off an item
    only while they may perform it independently (``assessors.may_assess``)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="+", verbose_name=_("beoordelaar")
    )
    item = models.ForeignKey(CompetenceItem, on_delete=models.CASCADE, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("aangewezen beoordelaar")
        verbose_name_plural = _("aangewezen beoordelaars")
        constraints = [
            models.UniqueConstraint(fields=["membership", "item"], name="uniq_authorised_assessor")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.item_id}"


class ComplianceSnapshot(models.Model):
    """Daily compliance figures per organisation (department NULL = whole organisation),
    written by the daily task; the dashboard's trend line reads them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    department = models.ForeignKey(
        "organisations.Department",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    required = models.PositiveIntegerField()
    competent = models.PositiveIntegerField()
    expiring = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "day", "department"], name="uniq_snapshot"
            ),
            models.UniqueConstraint(
                fields=["organisation", "day"],
                condition=models.Q(department__isnull=True),
                name="uniq_snapshot_org_total",
            ),
        ]
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.day}: {self.competent}/{self.required}"
