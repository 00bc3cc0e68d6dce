"""Every interface string has its English translation (the source strings are Dutch)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src"
CATALOGUES = sorted(SOURCE.glob("**/locale/*/LC_MESSAGES/django.po"))


def _msgids(catalogue: Path, *flags: str) -> list[str]:
    out = subprocess.run(
        ["msgattrib", *flags, "--no-wrap", str(catalogue)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        line[7:-1] for line in out.splitlines() if line.startswith('msgid "') and line != 'msgid ""'
    ]


def test_there_are_catalogues():
    assert CATALOGUES


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_catalogue_is_complete(catalogue):
    assert _msgids(catalogue, "--untranslated") == []
    assert _msgids(catalogue, "--only-fuzzy") == []
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)], check=True)


def test_the_password_rules_speak_dutch_with_je():
    """Django's own Dutch misses the "too short" rule and says "u": our Dutch catalogue
    (src/zorgwijs/locale/nl) gives both in the interface's words; English stays Django's."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.utils import translation

    def refusal(password: str) -> list[str]:
        with pytest.raises(ValidationError) as refused:
            password_validation.validate_password(password)
        return refused.value.messages

    with translation.override("nl"):
        assert refusal("kort") == ["Dit wachtwoord is te kort: gebruik minstens 10 tekens."]
        rules = password_validation.password_validators_help_texts()
        assert rules and all(rule.startswith("Je wachtwoord") for rule in rules)
    with translation.override("en"):
        assert refusal("kort")[0].startswith("This password is too short")
