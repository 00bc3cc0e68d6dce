"""Create a personal access token for a person and print its secret (shown only once)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zorgwijs.accounts.models import User
from zorgwijs.accounts.services import access_token_create


class Command(BaseCommand):
    help = "Create a personal API access token for EMAIL and print the secret."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="manage.py zorgwijs_token")

    def handle(self, *args, email: str, name: str, **options) -> None:
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No person with e-mail address {email}.")
        if not user.is_active:
            raise CommandError(f"{email} is not active.")
        _token, secret = access_token_create(user=user, name=name)
        self.stdout.write(secret)
