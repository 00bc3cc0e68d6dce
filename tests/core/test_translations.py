"""Every interface string has its English translation (the source strings are Dutch)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src"
CATALOGUES = sorted(SOURCE.glob("**/locale/en/LC_MESSAGES/django.po"))


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
