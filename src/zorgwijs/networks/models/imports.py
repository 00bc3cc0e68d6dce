"""An uploaded .ics file of events: its dry run and outcome (lib/import_jobs.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zorgwijs.lib.import_jobs import ImportJob, ImportStatus
from zorgwijs.organisations.models import Network, Visibility

from .events import EVENT_VISIBILITY, EventKind


class CalendarImport(ImportJob):
    """One calendar file for a network: its events are added with ``kind`` and
    ``visibility``; an event imported before (same UID) is updated."""

    UPLOAD_FOLDER = "calendar_import"
    FIGURES = (
        ("events", _("activiteiten in het bestand")),
        ("new", _("nieuwe activiteiten")),
        ("updated", _("bijgewerkte activiteiten")),
        ("errors", _("fouten")),
    )

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("soort activiteit"), max_length=20, choices=EventKind.choices)
    visibility = models.CharField(
        _("zichtbaar voor"), max_length=20, choices=EVENT_VISIBILITY, default=Visibility.NETWORK
    )
    # The dry run: counts and the first events with what happens to each.
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)

    class Meta(ImportJob.Meta):
        verbose_name = _("agenda-import")
        verbose_name_plural = _("agenda-imports")

    def upload_owner(self) -> str:
        """Uploads are kept per network, as the other imports keep them per organisation."""
        return f"network-{self.network_id}"

    def figure_counts(self) -> dict[str, int]:
        return self.summary.get("counts", {})

    @property
    def rows_total(self) -> int:
        return self.figure_counts().get("events", 0)

    @property
    def error_count(self) -> int:
        return self.figure_counts().get("errors", 0)

    @property
    def can_apply(self) -> bool:
        counts = self.figure_counts()
        return (
            self.status == ImportStatus.CHECKED
            and not self.error_count
            and counts.get("new", 0) + counts.get("updated", 0) > 0
        )
