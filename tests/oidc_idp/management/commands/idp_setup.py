"""Register the Zorgwijs client and the provider's own users (idempotent)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)
        parser.add_argument("--user", action="append", default=[], help="email:password:full name")

    def handle(self, *args, client_id, client_secret, redirect_uri, user, **options):
        Application.objects.filter(client_id=client_id).delete()
        Application.objects.create(
            name="Zorgwijs",
            client_id=client_id,
            client_secret=client_secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
        users = get_user_model()
        for spec in user:
            email, password, full_name = spec.split(":", 2)
            first, _, last = full_name.partition(" ")
            person, _ = users.objects.get_or_create(username=email)
            person.email, person.first_name, person.last_name = email, first, last
            person.set_password(password)
            person.save()
        self.stdout.write("ok")
