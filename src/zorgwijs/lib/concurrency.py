"""Optimistic concurrency for records people edit: projects, needs, questions, answers and
comments (knowledge pages carry their revision id instead, see docs/knowledge.md).

The edit form and the API carry ``version``: a token of the record's editable state as the
editor loaded it. The service locks the row, takes the state the *database* holds now and, when
its token differs, raises ``EditConflict`` and stores nothing. The page answers 409 with, per
field, what the other person saved beside what the editor typed; the editor's text stays in the
form, which now carries the new token, so saving again stores the merged text. The API answers
409 with the new token.

The token is a hash of the state, not a counter: no column to migrate or keep in step, and a
change back to exactly what the editor saw is no conflict, since nothing would be lost.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms


def version_of(state: Mapping[str, Any]) -> str:
    """The token of an editable ``state`` (plain, JSON-serialisable values)."""
    text = json.dumps(state, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


class EditConflict(Exception):
    """Someone saved the record after the editor loaded it; ``current`` is what is stored now,
    ``version`` its token."""

    def __init__(self, current: Mapping[str, Any]):
        super().__init__("edit conflict")
        self.current = dict(current)
        self.version = version_of(current)


def check_version(base_version: str | None, current: Mapping[str, Any]) -> None:
    """Raise ``EditConflict`` unless ``base_version`` is the token of ``current`` (the locked
    row's state). ``None`` means no base: imports and internal services that own the record."""
    if base_version is not None and base_version != version_of(current):
        raise EditConflict(current)


class VersionField(forms.CharField):
    """The hidden field that carries the token. Missing or stale input is not a field error:
    the service reports it as a conflict, with both texts."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, **kwargs)


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    mine: str


def _shown(value: Any) -> str:
    """A stored value as text: lists joined, records (contacts) one per line."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " | ".join(str(v) for v in value.values() if v)
    if isinstance(value, list | tuple):
        return (
            "\n".join(_shown(v) for v in value)
            if any(isinstance(v, dict) for v in value)
            else ", ".join(_shown(v) for v in value)
        )
    return str(value)


def conflict_rows(
    current: Mapping[str, Any], mine: Mapping[str, Any], labels: Mapping[str, Any]
) -> list[ConflictRow]:
    """Per field in ``labels`` (name → label, in that order) where the stored ``current``
    state and the editor's ``mine`` differ: both, as text."""
    return [
        ConflictRow(str(label), _shown(current.get(name)), _shown(mine.get(name)))
        for name, label in labels.items()
        if current.get(name) != mine.get(name)
    ]


def form_labels(
    form: forms.Form, names: Iterable[str], renamed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Labels of ``names`` from ``form``; ``renamed`` maps a state name to its form field."""
    labels = {}
    for name in names:
        field = form.fields.get((renamed or {}).get(name, name))
        if field is not None:
            labels[name] = field.label or name
    return labels


def conflict_form(form_class, request_data, version: str, **kwargs):
    """The submitted form again, with the editor's input and the stored state's token."""
    data = request_data.copy()
    data["version"] = version
    return form_class(data, **kwargs)
