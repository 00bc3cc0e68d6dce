"""The catalogue: what someone can be (demonstrably) competent in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zorgwijs.organisations.models import Network, Organisation

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ItemKind(models.TextChoices):
    DEVICE = "device", _("Medisch apparaat")
    RESERVED = "reserved", _("Voorbehouden handeling")
    RISKY = "risky", _("Risicovolle handeling")
    TRAINING = "training", _("Verplichte scholing")
    OTHER = "other", _("Overig")


class RiskProfile(models.TextChoices):
    """The organisation's risk classification of a technology (Convenant MT), not MDR class."""

    HIGH = "high", _("Hoog risico")
    MEDIUM = "medium", _("Middel risico")
    LOW = "low", _("Laag risico")


class EvidenceKind(models.TextChoices):
    ELEARNING = "elearning", _("E-learning")
    THEORY_TEST = "theory", _("Theorietoets")
    PRACTICAL = "practical", _("Praktijktoets door beoordelaar")
    CERTIFICATE = "certificate", _("Extern certificaat")
    PRIOR_LEARNING = "prior", _("Eerder verworven competenties")


class CompetenceItem(models.Model):
    """A device, procedure or training that can be required.

    Owned by one organisation, or shared in a network as a template that organisations adopt
    (``adopted_from``) and may tighten (shorter validity, more evidence), never loosen.
    """

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    network = models.ForeignKey(
        Network, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    adopted_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="adoptions"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    risk_profile = models.CharField(
        _("risicoprofiel"), max_length=10, choices=RiskProfile.choices, blank=True
    )
    manufacturer = models.CharField(_("fabrikant"), max_length=120, blank=True)
    model_name = models.CharField(_("type/model"), max_length=120, blank=True)
    device_code = models.CharField(_("apparaatcode"), max_length=60, blank=True)
    big_code = models.CharField(
        _("Wet BIG-code"),
        max_length=40,
        blank=True,
        help_text=_("Voor voorbehouden handelingen: welke handeling uit art. 36 Wet BIG."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("geldigheid (maanden)"),
        null=True,
        blank=True,
        help_text=_("Leeg: blijft geldig zolang niet ingetrokken."),
    )
    warning_days = models.PositiveSmallIntegerField(_("waarschuwen (dagen vooraf)"), default=60)
    evidence_kinds = models.JSONField(_("geldig bewijs"), default=list, blank=True)
    recency_count = models.PositiveSmallIntegerField(
        _("minimaal aantal keer uitgevoerd"), null=True, blank=True
    )
    recency_months = models.PositiveSmallIntegerField(
        _("in de laatste (maanden)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bekwaamheid")
        verbose_name_plural = _("bekwaamheden")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, network__isnull=True)
                | Q(organisation__isnull=True, network__isnull=False),
                name="competence_item_one_owner",
            ),
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="uniq_item_name_per_org",
                condition=Q(organisation__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["network", "name"],
                name="uniq_item_name_per_network",
                condition=Q(network__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["organisation", "kind"], name="item_org_kind")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if bool(self.recency_count) != bool(self.recency_months):
            errors["recency_months"] = _("Vul bij een recentie-eis zowel aantal als periode in.")
        unknown = set(self.evidence_kinds) - set(EvidenceKind.values)
        if unknown:
            errors["evidence_kinds"] = _("Onbekende soort bewijs: %s") % ", ".join(sorted(unknown))
        if self.risk_profile and self.kind not in (ItemKind.DEVICE, ItemKind.RISKY):
            errors["risk_profile"] = _(
                "Een risicoprofiel hoort bij apparaten en risicovolle handelingen."
            )
        errors.update(self._tightening_errors())
        if errors:
            raise ValidationError(errors)

    def _tightening_errors(self) -> dict[str, StrOrPromise]:
        """An adopted item may be stricter than its template, never looser."""
        template = self.adopted_from
        if template is None:
            return {}
        errors: dict[str, StrOrPromise] = {}
        if template.validity_months and (
            self.validity_months is None or self.validity_months > template.validity_months
        ):
            errors["validity_months"] = _(
                "Mag niet langer geldig zijn dan de gedeelde afspraak (%(months)s maanden)."
            ) % {"months": template.validity_months}
        if not set(template.evidence_kinds) <= set(self.evidence_kinds):
            errors["evidence_kinds"] = _("Houd minstens het bewijs van de gedeelde afspraak aan.")
        return errors
