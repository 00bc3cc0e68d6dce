"""Refuse text that identifies a patient: BSN-like numbers, dates of birth, names.

Incident reports and lessons are for learning, not for the patient file (Wkkgz art. 9): they
must not hold patient data. This is a safety net behind the warning in the form, not a
guarantee; it errs on the side of refusing, and the person rewrites the sentence.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# Nine digits, optionally grouped with dots or spaces (123.456.782, 123 456 782).
_NUMBER = re.compile(r"(?<![\d.])\d(?:[ .]?\d){8}(?![\d])")
_MONTHS = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
    "jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[-/.]\d{1,2}[-/.](?P<y1>\d{4}|\d{2})"
    r"|(?P<y2>\d{4})-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})\.?\s+(?P<y3>\d{{4}}))\b",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(
    r"\b(?:geboren|geb\.?|geboortedatum|gebdat|dob|leeftijd)\W{0,3}$", re.IGNORECASE
)
_TITLES = r"patiënte?|patient|pt\.|mevrouw|mevr\.|mw\.?|meneer|mijnheer|dhr\.?|de heer"
_PARTICLES = r"(?:(?:van|de|der|den|ter|ten|te|het|'t|la|le|el|al)\s+)*"
_NAME = re.compile(
    rf"(?<!\w)(?i:{_TITLES})\s+(?:[A-Z]\.\s*)*{_PARTICLES}[A-ZÀ-Ý][\w'-]+",
)


def elfproef(digits: str) -> bool:
    """The Dutch BSN check: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11 (and not zero)."""
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def _bsn_like(text: str) -> bool:
    return any(elfproef(re.sub(r"\D", "", m.group())) for m in _NUMBER.finditer(text))


def _year_of(match: re.Match) -> int:
    raw = match.group("y1") or match.group("y2") or match.group("y3")
    year = int(raw)
    return year + (1900 if year > timezone.localdate().year % 100 else 2000) if year < 100 else year


def _date_of_birth(text: str, today: datetime.date) -> bool:
    """A date after a birth word, or any full date more than a year back: incidents are
    reported within days, so an old date in the text is almost always someone's birthday."""
    for match in _DATE.finditer(text):
        if _BIRTH_WORDS.search(text[: match.start()]):
            return True
        if _year_of(match) < today.year - 1:
            return True
    return False


def patient_identifier_problems(text: str, *, today: datetime.date | None = None) -> list[str]:
    """What in ``text`` looks like patient data, as messages for the person who typed it."""
    if not text:
        return []
    today = today or timezone.localdate()
    problems = []
    if _bsn_like(text):
        problems.append(_("Dit lijkt een burgerservicenummer (BSN). Laat het weg."))
    if _date_of_birth(text, today):
        problems.append(
            _("Dit lijkt een geboortedatum. Laat die weg; noem hooguit een leeftijdsgroep.")
        )
    if _NAME.search(text):
        problems.append(
            _("Dit lijkt de naam van een patiënt. Schrijf 'de patiënt' of 'mevrouw' zonder naam.")
        )
    return problems


def check_patient_identifiers(fields: dict[str, str]) -> None:
    """Raise one ValidationError with a message at every field that holds patient data."""
    errors = {
        name: problems
        for name, value in fields.items()
        if (problems := patient_identifier_problems(value or ""))
    }
    if errors:
        raise ValidationError(errors)
