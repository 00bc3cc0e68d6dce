"""Every audit action the code records has a label in Dutch and in English."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
from django.utils import translation

import zorgwijs
from zorgwijs.audit.labels import LABELS, OBJECTS, VERBS, action_label, has_label, split

SRC = pathlib.Path(zorgwijs.__file__).parent
# Every app of the project records under its own name (an app is a package with apps.py).
APPS = "|".join(sorted(path.parent.name for path in SRC.glob("*/apps.py")))
CODE = re.compile(rf"^({APPS})\.[a-z_]+(\.[a-z_]+)?$")
# Actions built from a prefix and a value (f-strings in wrappers); their values, as the code
# has them. A new value there must be added here and in audit/labels.py.
FAMILIES = {
    "competences.record": [
        "qualified",
        "performed",
        "exempted",
        "suspended",
        "reinstated",
        "revoked",
        "voided",
    ],
    "competences.item": ["created", "changed"],
    "competences.profile": ["created", "changed"],
    "competences.sign_off": ["approved", "rejected"],
    "incidents.measure": ["done", "reopened"],
    "knowledge.page": ["created", "revised", "restored", "attachment_added", "moved"],
    "knowledge.question": ["asked", "edited", "hidden", "shown"],
    "knowledge.answer": ["posted", "accepted", "edited", "hidden", "shown"],
    "knowledge.comment": ["edited", "hidden", "shown"],
    "knowledge.space": ["member_approved", "member_removed"],
    "knowledge.suggestion": ["created", "accepted", "rejected"],
    "needs.me_too": ["added", "removed"],
    "projects.attachment": ["added", "removed"],
    "projects.import": ["checked", "applied"],
    "projects.reaction": ["approved", "rejected", "hidden"],
}


def _constant_codes() -> set[str]:
    """Every string constant in the source that has the shape of an action code and is
    passed to a recording function (first, or as ``action=`` to a shared selector such as
    ``membership_read``), or stands as a module constant (``SIGNED_IN = …``)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                passed = node.args[:1] + [k.value for k in node.keywords if k.arg == "action"]
                for arg in passed:
                    for value in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                        text = value.value if isinstance(value, ast.Constant) else None
                        if isinstance(text, str) and CODE.match(text) and text.count(".") == 2:
                            found.add(text)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                text = node.value.value
                if isinstance(text, str) and CODE.match(text) and text.startswith("accounts."):
                    found.add(text)
    return found


def _used_codes() -> set[str]:
    codes = _constant_codes()
    for prefix, verbs in FAMILIES.items():
        codes |= {f"{prefix}.{verb}" for verb in verbs}
    return codes


def test_the_scan_finds_the_codes_we_know_are_recorded():
    codes = _used_codes()
    for known in (
        "competences.passport.viewed",
        "competences.sign_off.requested",
        "organisations.membership.created",
        "accounts.signed_in",
        "incidents.measure.reopened",
    ):
        assert known in codes


def test_every_recorded_action_has_a_label():
    missing = sorted(code for code in _used_codes() if not has_label(code))
    assert missing == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_labels_exist_in_both_languages(language):
    with translation.override(language):
        for code in sorted(_used_codes()):
            label = action_label(code)
            assert "." not in label and "_" not in label, code
    # Every word of the catalogue is translated (an English page shows no Dutch).
    with translation.override("en"):
        words = [*OBJECTS.values(), *VERBS.values(), *LABELS.values()]
        with translation.override("nl"):
            dutch = [str(w) for w in words]
        english = [str(w) for w in words]
    untranslated = [nl for nl, en in zip(dutch, english, strict=True) if nl == en]
    # Words that are the same in both languages.
    assert set(untranslated) <= {"poster", "project", "single sign-on", "workshop"}, untranslated


def test_a_label_reads_as_words():
    with translation.override("nl"):
        assert action_label("competences.sign_off.approved") == "Aftekenverzoek goedgekeurd"
    with translation.override("en"):
        assert action_label("competences.sign_off.approved") == "Sign-off request approved"
    assert split("a.b.c") == ("a.b", "c")
    assert action_label("unknown.thing.done").endswith("unknown.thing.done")
