"""A member organisation knows its own figures exactly: with them and every published cell it
must learn neither a hidden cell nor another organisation's figure."""

from __future__ import annotations

import pytest

from tests.monitor.insider import insider_recoverable
from tests.monitor.test_disclosure import RULES, c, random_region
from zorgwijs.monitor.disclosure import protect_cells


def _region(seed: int):
    return random_region(seed, max_orgs=10, absence=False)


def _example():
    """Found by the random regions below: organisation 3 is alone in care for the elderly
    without a function group, organisation 7 alone in two function groups of hospitals."""
    return [
        c(0, "vvt", "medisch", students=19),
        c(0, "vvt", "ondersteuning", students=28),
        c(1, "ggz", students=25),
        c(2, "vvt", "ondersteuning", students=25),
        c(2, "vvt", "verpleging", students=22),
        c(3, "vvt", students=5),
        c(4, "ziekenhuis", students=28),
        c(5, "gehandicaptenzorg", students=14),
        c(6, "gehandicaptenzorg", students=27),
        c(7, "ziekenhuis", "verpleging", students=1),
        c(7, "ziekenhuis", "ondersteuning", students=1),
    ]


def test_the_region_minus_a_sector_and_a_group_does_not_give_one_organisation(monkeypatch):
    """Region − care for the elderly − "no function group" = organisation 7's students minus
    organisation 3's, which organisation 3 knows: so 7's students were exposed to 3."""
    from zorgwijs.monitor import disclosure

    rows = _example()
    with monkeypatch.context() as patched:
        patched.setattr(disclosure, "_solved_by_a_coalition", lambda *args, **kwargs: [])
        outsider_only = protect_cells(rows, RULES)
    # The students' function groups fail the p%-rule now (support: 28 + 25 + organisation 7's
    # 1), which hides the students' path; without the members' check the same subtraction
    # still gives organisation 7's headcount.
    assert "organisation 7 in ('headcount', 'total', '', '')" in insider_recoverable(
        rows, outsider_only, 3
    )
    cells = protect_cells(rows, RULES)
    for insider in range(8):
        assert insider_recoverable(rows, cells, insider) == [], insider
    assert not cells[("students", "total", "", "")].hidden


@pytest.mark.parametrize("seed", range(40))
def test_an_insider_learns_nothing_from_random_regions(seed):
    rows = _region(seed)
    cells = protect_cells(rows, RULES)
    for insider in sorted({r.organisation for r in rows}):
        assert insider_recoverable(rows, cells, insider) == [], insider
