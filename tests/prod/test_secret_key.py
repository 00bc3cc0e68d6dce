"""Finding 6: the settings fail closed. With DEBUG off, no process may start on a missing key or
on the key published in the repository (which would also derive the key that encrypts the
credential-signing keys)."""

from __future__ import annotations

import secrets

import pytest

from tests.prod.deployed import manage, production_env

DEMO_KEYS = [
    "django-insecure-zorgwijs-demo-only-never-in-production",
    "dev-only-insecure-key-set-SECRET_KEY-in-production",  # the key of earlier versions
]


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY=""), "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("key", [*DEMO_KEYS, "too-short-to-be-a-secret"])
def test_production_on_a_published_or_short_key_refuses_to_start(tmp_path, key):
    result = manage(production_env(tmp_path, SECRET_KEY=key), "check")
    assert result.returncode != 0
    assert "SECRET_KEY is the repository's demo key or shorter than 50" in result.stderr


def test_credentials_key_cannot_be_a_published_key_either(tmp_path):
    env = production_env(tmp_path, CREDENTIALS_SECRET_KEY=DEMO_KEYS[0])
    result = manage(env, "check")
    assert result.returncode != 0
    assert "CREDENTIALS_SECRET_KEY is the repository's demo key" in result.stderr


def test_the_documented_production_settings_pass_check_deploy(tmp_path):
    env = production_env(
        tmp_path,
        HTTPS="1",
        ALLOWED_HOSTS="zorgwijs.example.nl",
        CSRF_TRUSTED_ORIGINS="https://zorgwijs.example.nl",
        CREDENTIALS_SECRET_KEY=secrets.token_urlsafe(50),
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_demo_still_runs_on_its_key_with_debug_on(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY="", DEBUG="1"), "check")
    assert result.returncode == 0, result.stderr
