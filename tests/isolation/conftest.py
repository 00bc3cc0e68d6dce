import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The world fixture makes six people; Argon2 (the production hasher) costs ~0.1 s each, and
    # these tests never check a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
