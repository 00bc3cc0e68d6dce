"""Authentication backends: Django's and allauth's, with the signed-in person's row kept for
the data generation.

Every signed-in request loads the person named by the session. Their row changes only by a
write (a password, a deactivation, a language, a login), and every write makes a new data
generation (``core/data_cache.py``), so the row is kept in the app server's memory per
generation: never in the shared cache, since it holds the password hash. Django still checks
the session against that hash on every request.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from zorgwijs.core.data_cache import held_locally


class _PersonKeptPerGeneration:
    def get_user(self, user_id):
        load = super().get_user  # type: ignore[misc]
        return held_locally(f"user:{user_id}", lambda: load(user_id))


class ModelBackend(_PersonKeptPerGeneration, DjangoModelBackend):
    """Sign-in by e-mail address and password (Django's backend)."""


class AuthenticationBackend(_PersonKeptPerGeneration, AllauthBackend):
    """Sign-in through allauth's forms and providers."""
