"""Tests hash with MD5 for speed (tests/conftest.py); production must keep Argon2 first."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher, make_password

from zorgwijs import settings as production


def test_production_settings_hash_new_passwords_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in production.PASSWORD_HASHERS


def test_argon2_is_installed_and_used_once_the_test_override_is_gone(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert isinstance(get_hasher(), Argon2PasswordHasher)
    assert make_password("een lang wachtwoord").startswith("argon2$")


def test_tests_themselves_use_the_fast_hasher():
    assert get_hasher().algorithm == "md5"
