"""Insiders: member organisations that know their own figures exactly (each sees them on the
monitor page) and every published cell, alone (an insider) or pooling their figures (a
coalition). Unknowns are each organisation's value per row class; the coalition subtracts its
own. It learns another organisation's figure when the span of the published cells and its own
values holds that organisation's value in a class or a cell (nonzero), and a hidden cell or a
row class that fails the primary rule when the span holds it while what it holds of the
organisations outside the coalition is not zero and fails the primary rule too
(docs/monitor.md, "Members who pool their figures")."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from fractions import Fraction

from tests.monitor.attack import Class, classes_of
from zorgwijs.monitor import disclosure
from zorgwijs.monitor.indicators import FAMILIES

Coordinate = tuple[int, Class]  # organisation, class


class Basis:
    """A row-reduced rational basis of dense vectors: what a set of known sums spans."""

    def __init__(self) -> None:
        self.rows: dict[int, list[Fraction]] = {}  # pivot -> fully reduced row

    def _reduce(self, v: list[Fraction]) -> list[Fraction]:
        for pivot, row in self.rows.items():
            if v[pivot]:
                factor = v[pivot]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    def add(self, v: list[Fraction]) -> None:
        v = self._reduce(v)
        pivot = next((i for i, a in enumerate(v) if a), None)
        if pivot is None:
            return
        v = [a / v[pivot] for a in v]
        for p, r in list(self.rows.items()):
            if r[pivot]:
                self.rows[p] = [a - r[pivot] * b for a, b in zip(r, v, strict=True)]
        self.rows[pivot] = v

    def contains(self, v: list[Fraction]) -> bool:
        return not any(self._reduce(v))


class _Span(Basis):
    """The span of sums over (organisation, class) coordinates."""

    def __init__(self, dims: Sequence[Coordinate]):
        super().__init__()
        self.index = {d: i for i, d in enumerate(dims)}

    def copy(self) -> _Span:
        other = _Span([])
        other.index = self.index
        other.rows = {p: list(r) for p, r in self.rows.items()}
        return other

    def _vector(self, members: set[Coordinate]) -> list[Fraction]:
        v = [Fraction(0)] * len(self.index)
        for d in members:
            v[self.index[d]] = Fraction(1)
        return v

    def add_members(self, members: set[Coordinate]) -> None:
        self.add(self._vector(members))

    def contains_members(self, members: set[Coordinate]) -> bool:
        return self.contains(self._vector(members))


def _sensitive(
    values: Mapping[int, float],
    weights: Mapping[int, float],
    coalition: Collection[int],
    rules: disclosure.Rules,
    ratio: bool,
) -> bool:
    if disclosure.passes(values, weights, rules, ratio=ratio):
        return False  # what a published cell tells the coalition
    outside = {o: v for o, v in values.items() if o not in coalition}
    outside_weights = {o: w for o, w in weights.items() if o not in coalition}
    if not any(outside.values()) and not any(outside_weights.values()):
        return False
    return not disclosure.passes(outside, outside_weights, rules, ratio=ratio)


def coalition_recoverable(
    contributions: Sequence[disclosure.Contribution],
    cells: Mapping[disclosure.CellKey, disclosure.Cell],
    coalitions: Collection[Collection[int]],
    rules: disclosure.Rules = disclosure.Rules(),  # noqa: B008 (frozen)
) -> list[str]:
    """What each of ``coalitions`` learns: other organisations' figures (per class and per
    cell), hidden cells and row classes as described above."""
    found: list[str] = []
    for family in FAMILIES:
        ratio = family.kind == "ratio"
        coordinates: set[Coordinate] = set()
        value: dict[Coordinate, float] = {}
        weight: dict[Coordinate, float] = {}
        for c in contributions:
            for p in family.parts:
                d = (c.organisation, (c.sector, c.group, p))
                coordinates.add(d)
                value[d] = value.get(d, 0) + c.values.get(p, 0)
                size = c.values.get("fte", 0) if ratio else c.values.get(p, 0)
                weight[d] = weight.get(d, 0) + size
        dims = sorted(coordinates)
        classes = sorted({d[1] for d in dims})
        published = _Span(dims)
        mine = {k: v for k, v in cells.items() if k[0] == family.key}

        def members_of(key, dims=dims, classes=classes, family=family) -> set[Coordinate]:
            inside = classes_of(key, family, classes)
            return {d for d in dims if d[1] in inside}

        for key, cell in mine.items():
            if not cell.hidden:
                published.add_members(members_of(key))
        for coalition in coalitions:
            name = "+".join(map(str, sorted(coalition)))
            span = published.copy()
            for d in dims:
                if d[0] in coalition:
                    span.add_members({d})
            for key, cell in mine.items():
                members = members_of(key)
                if not members:
                    continue
                for org in {d[0] for d in members} - set(coalition):
                    own = {d for d in members if d[0] == org}
                    if sum(value[d] for d in own) and span.contains_members(own):
                        found.append(f"{name}: organisation {org} in {key}")
                if (
                    cell.hidden
                    and _sensitive(cell.by_org, cell.weight, coalition, rules, ratio)
                    and span.contains_members(members)
                ):
                    found.append(f"{name}: hidden cell {key}")
            for d in dims:
                if d[0] not in coalition and value[d] and span.contains_members({d}):
                    found.append(f"{name}: organisation {d[0]} in class {family.key} {d[1]}")
            for klass in classes:
                members = {d for d in dims if d[1] == klass}
                values = {d[0]: value[d] for d in members}
                weights = {d[0]: weight[d] for d in members}
                if _sensitive(values, weights, coalition, rules, ratio) and span.contains_members(
                    members
                ):
                    found.append(f"{name}: class {family.key} {klass}")
    return sorted(set(found))


def insider_recoverable(
    contributions: Sequence[disclosure.Contribution],
    cells: Mapping[disclosure.CellKey, disclosure.Cell],
    insider: int,
) -> list[str]:
    """What one member learns alone (a coalition of one), without its name in front."""
    found = coalition_recoverable(contributions, cells, [{insider}])
    return sorted(item.split(": ", 1)[1] for item in found)
