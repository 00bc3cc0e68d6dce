"""Members who pool their figures: a coalition of member organisations knows the figures of each
of its members exactly and every published cell (tests/monitor/insider.py). With the network's
rules (``min_organisations`` = n) the product guarantees (docs/monitor.md, "Members who pool
their figures"):

- a coalition of up to n − 2 members learns no other organisation's figure (in a row class or
  a cell), no hidden cell and no row class that fail the primary rule (unless what they hold
  outside the coalition is zero or passes the primary rule on its own), over a quarter and
  over a quarter together with its months;
- a coalition of n − 1 members can learn the n-th organisation of a published cell of exactly
  n organisations: inherent in publishing any sum of n;
- the next largest contributors cannot estimate the largest one within REMAINDER_PERCENT (the
  p%-rule); the dominance rule alone let the second largest estimate the largest."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from tests.monitor.attack import classes_of
from tests.monitor.insider import Basis, coalition_recoverable, insider_recoverable
from tests.monitor.test_disclosure import c, random_region
from tests.monitor.test_months import row
from zorgwijs.monitor import disclosure
from zorgwijs.monitor.disclosure import Rules, protect_cells, protect_months
from zorgwijs.monitor.indicators import FAMILIES, OUTFLOW_FIELDS, STOCK_FIELDS
from zorgwijs.monitor.quarters import combine_months, contributions_of


def coalitions_of(organisations, size: int) -> list[frozenset[int]]:
    """Every coalition of 1 to ``size`` of ``organisations``."""
    return [
        frozenset(group)
        for k in range(1, size + 1)
        for group in itertools.combinations(sorted(organisations), k)
    ]


def _grouped(rows) -> bool:
    """A region with both groupings: some rows by function group, some without one."""
    return any(r.group for r in rows) and any(not r.group for r in rows)


# Random regions that have both groupings (sectors and function groups), the first of the seeds.
SEEDS = [s for s in range(200) if _grouped(random_region(s, max_orgs=8, absence=False))][:24]


@pytest.mark.parametrize("minimum", [3, 4])
@pytest.mark.parametrize("seed", SEEDS[:12])
def test_no_coalition_of_up_to_n_minus_two_learns_anything(seed, minimum):
    rules = Rules(min_organisations=minimum)
    rows = random_region(seed, max_orgs=8, absence=False)
    cells = protect_cells(rows, rules)
    assert any(k[1] == disclosure.GROUP for k in cells)  # both groupings
    coalitions = coalitions_of({r.organisation for r in rows}, minimum - 2)
    assert coalition_recoverable(rows, cells, coalitions, rules) == []


@pytest.mark.parametrize("seed", SEEDS[12:18])
def test_no_coalition_of_three_learns_anything_when_five_are_needed(seed):
    rules = Rules(min_organisations=5, dominance_percent=40)
    rows = random_region(seed, max_orgs=8, absence=False)
    cells = protect_cells(rows, rules)
    coalitions = coalitions_of({r.organisation for r in rows}, 3)
    assert coalition_recoverable(rows, cells, coalitions, rules) == []


def test_a_cell_of_exactly_n_organisations_gives_the_nth_to_the_other_n_minus_one():
    """What a coalition can learn: the published region of three organisations gives the third
    one's figure to the other two together, not to either of them alone."""
    rules = Rules()
    rows = [c(1, "vvt", headcount=120), c(2, "vvt", headcount=100), c(3, "vvt", headcount=90)]
    cells = protect_cells(rows, rules)
    assert not cells[("headcount", "total", "", "")].hidden
    pair = coalition_recoverable(rows, cells, [{1, 2}], rules)
    assert "1+2: organisation 3 in ('headcount', 'total', '', '')" in pair
    assert coalition_recoverable(rows, cells, coalitions_of({1, 2, 3}, 1), rules) == []
    # With four organisations needed the same region is hidden: the pair learns nothing.
    strict = Rules(min_organisations=4)
    assert cells_hidden(protect_cells(rows, strict), "headcount")
    assert coalition_recoverable(rows, protect_cells(rows, strict), [{1, 2}], strict) == []


def cells_hidden(cells, family: str) -> bool:
    return all(cell.hidden for key, cell in cells.items() if key[0] == family)


def test_the_second_largest_cannot_estimate_the_largest():
    """Dominance alone published 50 + 46 + 2 + 2: the second largest subtracts its own 46 and
    knows the largest is at most 54 while it is 50 (4 left over, less than 10% of 50). The
    p%-rule hides it; with 15 + 5 left over the largest the cell is shown."""
    rules = Rules()
    close = [c(1, "vvt", inflow=50), c(2, "vvt", inflow=46), c(3, "vvt", inflow=2)]
    close.append(c(4, "vvt", inflow=2))
    cell = protect_cells(close, rules)[("inflow", "total", "", "")]
    assert cell.hidden and cell.reason == "dominant"
    # The dominance rule alone lets it through: the largest holds exactly 50%.
    assert rules.dominance_percent * sum(r.values["inflow"] for r in close) >= 50 * 100
    spread = [c(1, "vvt", inflow=50), c(2, "vvt", inflow=30), c(3, "vvt", inflow=15)]
    spread.append(c(4, "vvt", inflow=5))
    assert not protect_cells(spread, rules)[("inflow", "total", "", "")].hidden
    # With four organisations needed, the three next largest together are the coalition:
    # 45 + 30 + 15 + 2 + 2 passes with three needed (19 left over the two largest), not with
    # four (4 left over the three largest).
    total = ("inflow", "total", "", "")
    three = [c(o, "vvt", inflow=v) for o, v in ((1, 45), (2, 30), (3, 15), (4, 2), (5, 2))]
    assert not protect_cells(three, rules)[total].hidden
    assert protect_cells(three, Rules(min_organisations=4))[total].hidden
    three[-1] = c(5, "vvt", inflow=12)
    assert not protect_cells(three, Rules(min_organisations=4))[total].hidden


def test_a_member_does_not_learn_a_dominated_sector_by_subtracting_its_own():
    """Region − hospitals = care for the elderly + mental health. The mental-health organisation
    (alone, hidden) subtracts its own figure and had care for the elderly, hidden because one
    organisation holds 60% of it."""
    rules = Rules()
    rows = [c(1, "vvt", headcount=300), c(2, "vvt", headcount=100), c(3, "vvt", headcount=100)]
    rows += [c(4, "ggz", headcount=100)]
    rows += [c(o, "ziekenhuis", headcount=200) for o in (5, 6, 7)]
    key = ("headcount", "sector", "vvt", "")
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(disclosure, "_solved_by_a_coalition", lambda *args, **kwargs: [])
        before = protect_cells(rows, rules)
    assert before[key].hidden and before[key].reason == "dominant"
    assert f"hidden cell {key}" in insider_recoverable(rows, before, 4)
    cells = protect_cells(rows, rules)
    assert cells[key].hidden
    assert coalition_recoverable(rows, cells, coalitions_of(range(1, 8), 1), rules) == []


# A quarter and its months together


def _months(seed: int) -> dict[int, list[list[dict]]]:
    rnd = random.Random(seed)
    sectors = ["vvt", "ziekenhuis", "ggz"][: rnd.randint(1, 3)]
    orgs: dict[int, list[list[dict]]] = {}
    for org in range(rnd.randint(3, 7)):
        sector = rnd.choice(sectors)
        groups = (
            rnd.sample(["verpleging", "medisch"], rnd.randint(1, 2)) if rnd.random() < 0.4 else [""]
        )
        headcount = rnd.choice([5, 30, 200, 1500])
        months = []
        for _month in range(3):
            months.append(
                [
                    row(
                        sector,
                        group,
                        headcount=headcount + rnd.randint(-3, 3),
                        fte=headcount * 0.7,
                        inflow=rnd.randint(0, max(1, headcount // 8)),
                        students=rnd.randint(0, 30),
                        **{n: rnd.randint(0, max(1, headcount // 40)) for n in OUTFLOW_FIELDS},
                    )
                    for group in groups
                ]
            )
        orgs[org] = months
    return orgs


def _joint_learnt(orgs, rules: Rules, coalitions) -> list[str]:
    """What a coalition learns from a quarter and its three months together: unknowns are each
    organisation's value per class per month; a quarter's cell sums the months (a flow) or is
    the last month (a stock). The same findings as insider.coalition_recoverable, for month
    and quarter cells and classes."""
    quarter = [
        c for org, months in orgs.items() for c in contributions_of(combine_months(months), org)
    ]
    quarter_cells = protect_cells(quarter, rules)
    month_rows = [
        [c for org, months in orgs.items() for c in contributions_of(months[i], org)]
        for i in range(3)
    ]
    month_cells = protect_months(month_rows, quarter_cells, rules)
    found: list[str] = []
    for family in FAMILIES:
        if family.kind == "ratio":
            continue  # a quarter's percentage is not a sum of its months'
        stock = all(p in STOCK_FIELDS for p in family.parts)
        months_of_quarter = [2] if stock else [0, 1, 2]
        every = [c for month in month_rows for c in month]
        classes = sorted({(c.sector, c.group, p) for c in every for p in family.parts})
        value: dict[tuple, float] = {}
        for m, month in enumerate(month_rows):
            for r in month:
                for p in family.parts:
                    d = (m, r.organisation, (r.sector, r.group, p))
                    value[d] = value.get(d, 0) + r.values.get(p, 0)
        dims = sorted(value)
        index = {d: i for i, d in enumerate(dims)}

        def vector(coordinates, index=index):
            v = [Fraction(0)] * len(index)
            for d in coordinates:
                v[index[d]] = Fraction(1)
            return v

        def cell_coordinates(key, months, dims=dims, family=family, classes=classes):
            inside = classes_of(key, family, classes)
            return {d for d in dims if d[0] in months and d[2] in inside}

        published = []
        for key, cell in quarter_cells.items():
            if key[0] == family.key and not cell.hidden:
                published.append(vector(cell_coordinates(key, months_of_quarter)))
        for m, cells in enumerate(month_cells):
            for key, cell in cells.items():
                if key[0] == family.key and not cell.hidden:
                    published.append(vector(cell_coordinates(key, [m])))
        targets = [
            (f"quarter {key}", cell, months_of_quarter) for key, cell in quarter_cells.items()
        ]
        targets += [
            (f"month {m + 1} {key}", cell, [m])
            for m, cells in enumerate(month_cells)
            for key, cell in cells.items()
        ]
        for coalition in coalitions:
            basis = Basis()
            for v in published:
                basis.add(v)
            for d in dims:
                if d[1] in coalition:
                    basis.add(vector({d}))
            for name, cell, months in targets:
                key = cell.key
                if key[0] != family.key:
                    continue
                coordinates = cell_coordinates(key, months)
                for org in {d[1] for d in coordinates} - set(coalition):
                    own = {d for d in coordinates if d[1] == org}
                    if sum(value[d] for d in own) and basis.contains(vector(own)):
                        found.append(f"{sorted(coalition)}: organisation {org} in {name}")
                if (
                    cell.hidden
                    and coordinates
                    and not disclosure.passes(cell.by_org, cell.weight, rules)
                    and not _publishable_outside(cell, coalition, rules)
                    and basis.contains(vector(coordinates))
                ):
                    found.append(f"{sorted(coalition)}: hidden {name}")
    return sorted(set(found))


def _publishable_outside(cell, coalition, rules: Rules) -> bool:
    values = {o: v for o, v in cell.by_org.items() if o not in coalition}
    if not any(values.values()):
        return True
    return disclosure.passes(values, values, rules)


@pytest.mark.parametrize("seed", range(8))
def test_no_member_learns_anything_from_a_quarter_and_its_months(seed):
    orgs = _months(seed)
    rules = Rules()
    assert _joint_learnt(orgs, rules, coalitions_of(orgs, 1)) == []


@pytest.mark.parametrize("seed", range(8, 12))
def test_no_pair_learns_anything_from_a_quarter_and_its_months_when_four_are_needed(seed):
    orgs = _months(seed)
    rules = Rules(min_organisations=4)
    assert _joint_learnt(orgs, rules, coalitions_of(orgs, 2)) == []


def test_with_three_needed_a_pair_does_learn_from_a_quarter_and_its_months():
    """The bound is tight: the same model finds what pairs learn when three organisations are
    needed (a published cell of exactly three gives the third to the other two)."""
    found = []
    for seed in range(4):
        orgs = _months(seed)
        pairs = [group for group in coalitions_of(orgs, 2) if len(group) == 2]
        found += _joint_learnt(orgs, Rules(), pairs)
    assert found
