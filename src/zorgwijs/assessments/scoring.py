"""Scoring one answer against the snapshot of a drawn question. Runs on the server only."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from .models import AttemptAnswer, QuestionKind

_NUMBER = re.compile(r"^\s*([-+]?\d{1,12}(?:[.,]\d{1,6})?)\s*([^\d\s].{0,19})?\s*$")


def parse_number(text: str, unit: str = "") -> Decimal | None:
    """A typed number, with a decimal comma or point, optionally followed by ``unit``
    (``"2,5 ml"``); ``None`` when it is no number or carries another unit."""
    match = _NUMBER.match(text or "")
    if match is None:
        return None
    number, typed_unit = match.groups()
    if typed_unit and typed_unit.strip().lower() != unit.strip().lower():
        return None
    try:
        return Decimal(number.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def is_correct(answer: AttemptAnswer, given: list[str]) -> bool:
    """Whether ``given`` (option keys, or one typed number) answers the snapshot right."""
    if answer.kind == QuestionKind.NUMERIC:
        if len(given) != 1 or answer.answer_value is None:
            return False
        value = parse_number(given[0], answer.unit)
        if value is None:
            return False
        return abs(value - answer.answer_value) <= (answer.tolerance or Decimal(0))
    if answer.kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(given) != 1:
        return False
    return set(given) == set(answer.correct)
