import datetime

import pytest
from django.core.exceptions import ValidationError

from zorgwijs.incidents.identifiers import (
    check_patient_identifiers,
    elfproef,
    patient_identifier_problems,
)

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize("number", ["111222333", "123456782", "999999990"])
def test_elfproef_accepts_valid_bsn(number):
    assert elfproef(number)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678"])
def test_elfproef_refuses_other_numbers(number):
    assert not elfproef(number)


@pytest.mark.parametrize(
    "text",
    [
        "BSN 111222333 stond op het etiket",
        "nummer 111.222.333 genoteerd",
        "nummer 111 222 333 genoteerd",
        "geboren 12-03-1948",
        "geb. 1-2-26",
        "geboortedatum: 2024-05-01",
        "sinds 12 maart 1950 opgenomen",
        "patiënt Jansen kreeg de dubbele dosis",
        "Patiënt De Boer viel",
        "mw. A. de Vries",
        "mevrouw van der Berg belde",
        "Dhr. Bakker was onrustig",
        "meneer El Amrani",
    ],
)
def test_patient_identifiers_are_found(text):
    assert patient_identifier_problems(text, today=TODAY)


@pytest.mark.parametrize(
    "text",
    [
        "De patiënt kreeg de dubbele dosis.",
        "De pomp (serienummer 123456789) gaf geen alarm.",
        "Op 21-11-2026 om 14:00 op de cathlab.",
        "bij meneer op kamer 4 ging het alarm af",
        "De patiënt. Daarna belde de arts.",
        "",
    ],
)
def test_ordinary_incident_text_passes(text):
    assert patient_identifier_problems(text, today=TODAY) == []


def test_check_puts_the_message_at_each_field():
    with pytest.raises(ValidationError) as caught:
        check_patient_identifiers(
            {
                "what_happened": "patiënt Jansen",
                "location": "kamer 4",
                "prevention_idea": "BSN 111222333",
            }
        )
    assert set(caught.value.message_dict) == {"what_happened", "prevention_idea"}
