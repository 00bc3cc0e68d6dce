import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zorgwijs.competences.status import COMPETENT, STATUSES, status_of

TODAY = datetime.date(2026, 6, 15)


NO_RULE = datetime.date.max  # an item without a recency rule: always met
A_YEAR_AGO = TODAY - datetime.timedelta(days=365)


def status(**kw):
    base = dict(
        ever_qualified=False,
        first_qualified_on=None,
        valid_until=None,
        expiring_from=None,
        exempt_until=None,
        suspended=False,
        in_progress=False,
        recency_until=NO_RULE,
        on=TODAY,
    )
    base.update(kw)
    if base["ever_qualified"] and "first_qualified_on" not in kw:
        base["first_qualified_on"] = A_YEAR_AGO
    return status_of(**base)


def test_never_qualified_is_missing_and_lapsed_is_expired():
    assert status() == "missing"
    assert (
        status(
            ever_qualified=True,
            valid_until=TODAY - datetime.timedelta(days=1),
            expiring_from=TODAY - datetime.timedelta(days=31),
        )
        == "expired"
    )


@pytest.mark.parametrize(
    ("valid_until", "expected"),
    [
        (TODAY + datetime.timedelta(days=31), "valid"),
        (TODAY + datetime.timedelta(days=30), "expiring"),
        (TODAY, "expiring"),
        (TODAY - datetime.timedelta(days=1), "expired"),
        (None, "valid"),
    ],
)
def test_warning_window(valid_until, expected):
    expiring_from = valid_until - datetime.timedelta(days=30) if valid_until else None
    assert (
        status(ever_qualified=True, valid_until=valid_until, expiring_from=expiring_from)
        == expected
    )


def test_suspension_and_exemption_take_precedence():
    assert status(ever_qualified=True, suspended=True) == "suspended"
    assert status(exempt_until=TODAY) == "exempt"
    assert status(exempt_until=TODAY - datetime.timedelta(days=1)) == "missing"


def test_recency_not_met_means_supervised_not_valid():
    assert status(ever_qualified=True, recency_until=None) == "supervised"
    assert status(ever_qualified=True, recency_until=TODAY - datetime.timedelta(days=1)) == (
        "supervised"
    )
    assert status(ever_qualified=True, recency_until=TODAY) == "valid"
    lapsed = TODAY - datetime.timedelta(days=1)
    assert status(ever_qualified=True, valid_until=lapsed, recency_until=None) == "expired"
    assert "supervised" not in COMPETENT


def test_a_qualification_counts_from_its_date():
    later = TODAY + datetime.timedelta(days=3)
    assert status(ever_qualified=True, first_qualified_on=later) == "missing"
    assert status(ever_qualified=True, first_qualified_on=TODAY) == "valid"


def test_in_progress_only_when_not_valid():
    assert status(in_progress=True) == "in_progress"
    assert status(ever_qualified=True, in_progress=True) == "valid"


@given(
    ever=st.booleans(),
    suspended=st.booleans(),
    in_progress=st.booleans(),
    until=st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))),
    exempt=st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))),
    first=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1)),
    recency=st.one_of(st.none(), st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 1, 1))),
)
def test_every_combination_has_exactly_one_known_status(
    ever, suspended, in_progress, until, exempt, first, recency
):
    expiring_from = until - datetime.timedelta(days=60) if until else None
    result = status(
        ever_qualified=ever,
        suspended=suspended,
        in_progress=in_progress,
        valid_until=until,
        expiring_from=expiring_from,
        exempt_until=exempt,
        first_qualified_on=first,
        recency_until=recency,
    )
    assert result in STATUSES
    if result in COMPETENT and result != "exempt":
        assert ever and not suspended and first <= TODAY
        assert recency is not None and recency >= TODAY
