"""Import employees from an HR export: a dry run unless --apply is given.

    manage.py zorgwijs_hr_import rivierenland export.csv           # show what would change
    manage.py zorgwijs_hr_import rivierenland export.xlsx --apply  # change it

Exits non-zero when the file has errors (nothing is changed then).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from zorgwijs.organisations.hr_import import (
    HrImportFileError,
    hr_import_apply,
    hr_import_plan,
    parse_hr_file,
)
from zorgwijs.organisations.models import Organisation

MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "HR import of employees for one organisation (dry run unless --apply)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("org_slug")
        parser.add_argument("file", type=Path)
        parser.add_argument("--apply", action="store_true", help="apply the changes")

    def handle(self, *args, org_slug: str, file: Path, apply: bool, **options) -> None:
        translation.activate("nl")
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            raise CommandError(_("Onbekende organisatie: %(slug)s") % {"slug": org_slug})
        if not file.is_file():
            raise CommandError(_("Bestand niet gevonden: %(file)s") % {"file": file})
        try:
            parsed = parse_hr_file(file)
        except HrImportFileError as error:
            raise CommandError(str(error)) from error
        plan = hr_import_plan(organisation=organisation, parsed=parsed, source_name=file.name)
        self._print_summary(plan)
        if plan.errors:
            self._print_errors(plan)
            raise CommandError(
                _("%(count)s fout(en); er is niets gewijzigd.") % {"count": len(plan.errors)}
            )
        if not apply:
            self.stdout.write(
                _("Proefimport: er is niets gewijzigd. Gebruik --apply om toe te passen.")
            )
            return
        result = hr_import_apply(actor=None, organisation=organisation, plan=plan)
        self.stdout.write(
            self.style.SUCCESS(
                _("Toegepast: %(count)s wijzigingen.") % {"count": result.change_count}
            )
        )

    def _print_summary(self, plan) -> None:
        counts = plan.counts()
        self.stdout.write(
            _(
                "Rijen: %(rows)s  nieuw: %(creates)s  gewijzigd: %(updates)s  uit dienst: "
                "%(deactivations)s  nieuwe afdelingen: %(new_departments)s  nieuwe functies: "
                "%(new_functions)s  fouten: %(errors)s"
            )
            % counts
        )

    def _print_errors(self, plan) -> None:
        for error in plan.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(
                _("rij %(row)s: %(reason)s") % {"row": error.number, "reason": error.reason}
            )
        if len(plan.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(
                _("… en nog %(count)s fouten") % {"count": len(plan.errors) - MAX_ERRORS_SHOWN}
            )
