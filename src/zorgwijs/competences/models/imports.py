"""An uploaded file of historical qualifications: its dry run and outcome (lib/import_jobs.py)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from zorgwijs.lib.import_jobs import ImportJob, ImportStatus
from zorgwijs.organisations.models import Organisation


class QualificationImport(ImportJob):
    UPLOAD_FOLDER = "qualification_import"
    FIGURES = (
        ("rows", _("rijen in het bestand")),
        ("registered", _("nieuwe registraties")),
        ("skipped", _("staan er al (overgeslagen)")),
        ("errors", _("fouten")),
    )

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The dry run: counts, the first rows to register and the rows already present.
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    result = models.JSONField(_("resultaat"), default=dict, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta(ImportJob.Meta):
        verbose_name = _("import van bekwaamheden")
        verbose_name_plural = _("imports van bekwaamheden")

    @property
    def counts(self) -> dict[str, int]:
        return self.summary.get("counts", {})

    def figure_counts(self) -> dict[str, int]:
        return self.counts

    @property
    def rows_total(self) -> int:
        return self.counts.get("rows", 0)

    @property
    def error_count(self) -> int:
        return self.counts.get("errors", 0)

    @property
    def can_apply(self) -> bool:
        return (
            self.status == ImportStatus.CHECKED
            and not self.error_count
            and self.counts.get("registered", 0) > 0
        )
