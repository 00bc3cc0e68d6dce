"""Import a practice collection: ``manage.py project_import projecten.json [--apply]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zorgwijs.organisations.models import Organisation, Visibility
from zorgwijs.projects.importing import ImportFileError, project_import, read_rows


class Command(BaseCommand):
    help = "Import projects from JSON or CSV; a dry run unless --apply is given."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--apply", action="store_true", help="write the projects")
        parser.add_argument("--organisation", help="slug of the owning organisation")
        parser.add_argument("--visibility", default=Visibility.PUBLIC, choices=Visibility.values)
        parser.add_argument("--collection", default="", help="name of the collection")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        try:
            rows = read_rows(path.read_bytes(), path.name)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        report = project_import(
            actor=None,
            rows=rows,
            apply=options["apply"],
            organisation=organisation,
            visibility=options["visibility"],
            collection=options["collection"],
        )
        for row in report.errors:
            self.stdout.write(
                f"rij {row.number} ({row.external_id or '?'}): "
                + " ".join(f"[{e.field}] {e.message}" for e in row.errors)
            )
        summary = (
            f"{len(report.rows)} rijen: {report.count('nieuw')} nieuw, "
            f"{report.count('bijgewerkt')} bijgewerkt, "
            f"{report.count('ongewijzigd')} ongewijzigd, {len(report.errors)} met fouten"
        )
        self.stdout.write(summary)
        if report.errors:
            raise CommandError("Niets geïmporteerd: herstel eerst de fouten.")
        self.stdout.write(
            "Geïmporteerd."
            if report.applied
            else "Proefimport: niets opgeslagen (gebruik --apply)."
        )
