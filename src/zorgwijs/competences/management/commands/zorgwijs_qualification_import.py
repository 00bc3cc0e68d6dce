"""Import historical qualifications from a CSV/XLSX file: a dry run unless ``--apply``."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from zorgwijs.competences.qualification_import import (
    QualificationImportError,
    qualification_file_parse,
    qualification_import_apply,
    qualification_import_plan,
)
from zorgwijs.organisations.hr_import.parsing import HrImportFileError
from zorgwijs.organisations.models import Organisation


class Command(BaseCommand):
    help = "Lees historische bekwaamheden en e-learningresultaten in (CSV of XLSX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", help="Korte naam (slug) van de organisatie.")
        parser.add_argument("file", help="Pad naar het CSV- of XLSX-bestand.")
        parser.add_argument(
            "--apply", action="store_true", help="Echt inlezen (zonder: alleen controleren)."
        )
        parser.add_argument(
            "--as",
            dest="actor",
            default="",
            help="E-mailadres van wie de registraties op zijn naam krijgt.",
        )

    def handle(
        self, *args, organisation: str, file: str, apply: bool, actor: str, **options
    ) -> None:
        with scopes_disabled():
            org = Organisation.objects.filter(slug=organisation).first()
            if org is None:
                raise CommandError(f"Onbekende organisatie: {organisation}")
            user = get_user_model().objects.filter(email__iexact=actor).first() if actor else None
            if actor and user is None:
                raise CommandError(f"Onbekende gebruiker: {actor}")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        with scope(organisation=org.pk):
            try:
                with path.open("rb") as handle:
                    parsed = qualification_file_parse(handle, filename=path.name)
            except HrImportFileError as error:
                raise CommandError(str(error)) from None
            plan = qualification_import_plan(organisation=org, parsed=parsed, filename=path.name)
            for row_error in plan.errors:
                self.stdout.write(f"Rij {row_error.number}: {row_error.reason}")
            for skipped in plan.skipped:
                self.stdout.write(f"Rij {skipped.number}: {skipped.reason}")
            counts = plan.summary()
            self.stdout.write(
                "Rijen: {rows}, nieuw: {registered}, overgeslagen: {skipped}, "
                "fouten: {errors}".format(**counts)
            )
            if plan.errors:
                raise CommandError("Het bestand bevat fouten; er is niets ingelezen.")
            if not apply:
                self.stdout.write("Proefimport: er is niets ingelezen (gebruik --apply).")
                return
            try:
                qualification_import_apply(actor=user, plan=plan)
            except QualificationImportError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Ingelezen: {counts['registered']} registraties.")
