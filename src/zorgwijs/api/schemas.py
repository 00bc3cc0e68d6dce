"""Schemas and field types shared by every app's API endpoints."""

from __future__ import annotations

import datetime
import enum
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

# Database ids are 64-bit; a larger number can never name a row (and would overflow the
# database driver), so the schema says so and validation answers 422 instead of a 500.
MAX_ID = 2**63 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
# No control characters (PostgreSQL refuses NUL in text; the others are never wanted).
PRINTABLE_PATTERN = r"^[^\x00-\x1f\x7f]*$"

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("Vul dit veld in.")
    return value


def _stripped(value: str) -> str:
    return value.strip()


def name_field(max_length: int) -> type[str]:
    """A required single-line name: stripped, not blank, no control characters."""
    return Annotated[  # type: ignore[return-value]
        str,
        Field(min_length=1, max_length=max_length, pattern=PRINTABLE_PATTERN),
        AfterValidator(_not_blank),
    ]


def text_field(max_length: int) -> type[str]:
    """An optional single-line text (may be empty): stripped, no control characters."""
    return Annotated[  # type: ignore[return-value]
        str,
        Field(max_length=max_length, pattern=PRINTABLE_PATTERN),
        AfterValidator(_stripped),
    ]


def _text_only(value: object) -> object:
    if isinstance(value, str | datetime.date):
        return value
    raise ValueError("Geef een datum als tekst (ISO 8601), bijvoorbeeld 2026-03-01.")


# A date (and time) in a request body: ISO 8601 text. The strict ``InputSchema`` refuses text
# for dates, because django-ninja validates the parsed JSON in pydantic's Python mode; these
# accept exactly text and refuse the numbers lax mode would read as seconds since 1970.
IsoDate = Annotated[datetime.date, Field(strict=False), BeforeValidator(_text_only)]
IsoDateTime = Annotated[datetime.datetime, Field(strict=False), BeforeValidator(_text_only)]


def choice_field(choices: type[enum.Enum]) -> type[enum.Enum]:
    """One of ``choices`` (a ``TextChoices``) in a request body, given as its text value: the
    strict ``InputSchema`` would only take an enum instance, which JSON cannot carry."""
    return Annotated[choices, Field(strict=False)]  # type: ignore[return-value]


class InputSchema(Schema):
    """A request body: a JSON object with only the documented fields (anything else is 422,
    so a misspelt field in a PATCH is an error instead of a silent no-op), each of its own JSON
    type: strict, so ``0`` is no boolean and ``"5"`` no number (dates: ``IsoDate``)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorOut(Schema):
    """Every error answer: a Dutch, human-readable ``detail``; field errors where known."""

    detail: str = Field(description="Wat er misging, in het Nederlands.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Per veld de meldingen (bij 400 en 409), '__all__' voor het geheel."
    )


class ValidationIssue(Schema):
    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """422: the request did not match the schema (pydantic's own messages)."""

    detail: list[ValidationIssue]


ERROR_SCHEMAS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "De gegevens zijn ongeldig (bijvoorbeeld een afdeling van een andere organisatie).",
    401: "Niet aangemeld: geen, een verlopen of een ingetrokken toegangstoken.",
    403: "Geen toegang: de rol geeft dit recht niet, of de CSRF-controle van de sessie faalde.",
    404: "Niet gevonden, of niet zichtbaar voor jou.",
    409: "Conflict met bestaande gegevens (bijvoorbeeld een naam die al bestaat).",
    422: "Het verzoek past niet bij het schema.",
}

READ_ERRORS = (401, 403, 404, 422)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)


def responses(ok_status: int, ok_schema, errors: tuple[int, ...]) -> dict[int, object]:
    """The ``response=`` mapping of an operation: its success schema plus its error answers."""
    return {ok_status: ok_schema, **{code: ERROR_SCHEMAS[code] for code in errors}}


def describe(text: str, errors: tuple[int, ...]) -> str:
    """An operation's description followed by what each error status means for it."""
    lines = [text.strip(), "", "Foutcodes:", ""]
    lines += [f"- **{code}**: {ERROR_DESCRIPTIONS[code]}" for code in errors]
    return "\n".join(lines)


class Page(Schema):
    """Paging info of a list answer."""

    total: int = Field(description="Aantal resultaten in totaal (over alle pagina's).")
    limit: int
    offset: int
