"""The trainer standard of a network (e.g. "CRM-trainer").

The standard is not a second competence model: it is a competence item template of the network
(``CompetenceItem`` with ``network`` set, docs/competences.md, "Sharing catalogues in a
network") whose validity is the refresher interval, whose evidence kinds are the training and
the peer observation and whose recency rule is the number of trainings given per period. Member
organisations adopt it into their catalogue and require it of their trainers like any other
item, so it lives in the passport with its status. This row only marks which template is the
network's trainer standard.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgwijs.competences.models import CompetenceItem
from zorgwijs.organisations.models import Network


class TrainerStandard(models.Model):
    network = models.ForeignKey(
        Network, verbose_name=_("netwerk"), on_delete=models.CASCADE, related_name="+"
    )
    item = models.OneToOneField(
        CompetenceItem,
        verbose_name=_("gedeelde bekwaamheid"),
        on_delete=models.PROTECT,
        related_name="trainer_standard",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trainersstandaard")
        verbose_name_plural = _("trainersstandaarden")
        ordering = ["network_id", "id"]

    def __str__(self) -> str:
        return self.item.name

    def clean(self) -> None:
        if self.item.network_id != self.network_id:
            raise ValidationError(
                {"item": _("Kies een bekwaamheid die dit netwerk deelt als afspraak.")}
            )
