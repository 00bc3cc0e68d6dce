"""Load the demo world and print its logins: `manage.py zorgwijs_demo [--size N]`."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from zorgwijs.core.demo.loader import (
    DEMO_PASSWORD,
    demo_content_load,
    demo_is_loaded,
    demo_load,
    demo_logins,
)


class Command(BaseCommand):
    help = "Load the Zorgwijs demo world (idempotent) and print the demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--size",
            type=int,
            default=0,
            help="Also generate an organisation with this many employees (for benchmarks).",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print logins.")

    def handle(self, *args, size: int, quiet_logins: bool, **options) -> None:
        if demo_is_loaded():
            # A database from an older version gets the content of apps that arrived since.
            demo_content_load()
            self.stdout.write("Demodata is al geladen; aangevuld waar nodig.")
        else:
            demo_load()
            self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        if size:
            from zorgwijs.core.demo.scale import scale_organisation_load

            organisation = scale_organisation_load(size=size, stdout=self.stdout)
            self.stdout.write(f"Organisatie '{organisation.slug}' met {size} medewerkers klaar.")
        if not quiet_logins:
            self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-logins op http://127.0.0.1:8000 — wachtwoord: {DEMO_PASSWORD}")
        self.stdout.write(
            "Accounts met een TOTP-sleutel vragen daarna een code: zet de sleutel in een"
        )
        self.stdout.write("authenticator-app, of laat de code zien met: scripts/totp.sh SLEUTEL")
        for login in demo_logins():
            secret = f"  TOTP: {login.totp_secret}" if login.totp_secret else ""
            self.stdout.write(f"  {login.email:<34} {login.roles:<40}{secret}")
