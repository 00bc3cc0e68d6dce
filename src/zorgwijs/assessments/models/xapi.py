"""xAPI intake: which external activity proves which item or module, and every statement
received.

``XapiStatement`` is unique per organisation and statement id: a replayed statement is
refused by the database even when two arrive at once, so a result registers exactly once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.competences.models import CompetenceItem, CompetenceRecord
from zorgwijs.organisations.models import Membership, Organisation


class XapiActivity(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    iri = models.URLField(_("activiteit-IRI"), max_length=500)
    # The activity proves a catalogue item (registered in the passport) or completes a
    # learning module's steps in the route.
    item = models.ForeignKey(
        CompetenceItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bekwaamheid"),
    )
    module = models.CharField(
        _("module"),
        max_length=200,
        blank=True,
        help_text=_("Of: de naam van de module in de leerroute die deze activiteit afrondt."),
    )
    min_scaled_score = models.DecimalField(
        _("minimale score (0 tot 1)"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("Leeg: elk resultaat 'passed' of 'completed' telt."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("xAPI-activiteit")
        verbose_name_plural = _("xAPI-activiteiten")
        ordering = ["iri"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "iri"], name="uniq_xapi_activity"),
            models.CheckConstraint(
                condition=(models.Q(item__isnull=False) & models.Q(module=""))
                | (models.Q(item__isnull=True) & ~models.Q(module="")),
                name="xapi_item_or_module",
            ),
        ]

    def __str__(self) -> str:
        return self.iri


class XapiStatement(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    statement_id = models.UUIDField()
    activity = models.ForeignKey(XapiActivity, on_delete=models.PROTECT, related_name="statements")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=200)
    scaled_score = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    record = models.ForeignKey(
        CompetenceRecord, null=True, on_delete=models.PROTECT, related_name="+"
    )
    raw = models.JSONField()

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "statement_id"], name="uniq_xapi_statement"
            ),
        ]

    def __str__(self) -> str:
        return str(self.statement_id)
