"""An insider attacker: a member organisation that knows its own figures exactly (it sees them
on the monitor page) and every published cell. Unknowns are each organisation's value per row
class; the insider subtracts its own. It learns another organisation's figure when the span of
the published cells and its own values holds that organisation's value in a class or a cell
(nonzero), and a hidden cell when the span holds that cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from tests.monitor.attack import Class, classes_of
from zorgwijs.monitor import disclosure
from zorgwijs.monitor.indicators import FAMILIES

Coordinate = tuple[int, Class]  # organisation, class


class _Span:
    def __init__(self, dims: Sequence[Coordinate]):
        self.index = {d: i for i, d in enumerate(dims)}
        self.rows: dict[int, list[Fraction]] = {}  # pivot -> fully reduced row

    def _vector(self, members: set[Coordinate]) -> list[Fraction]:
        v = [Fraction(0)] * len(self.index)
        for d in members:
            v[self.index[d]] = Fraction(1)
        return v

    def _reduce(self, v: list[Fraction]) -> list[Fraction]:
        for pivot, row in self.rows.items():
            if v[pivot]:
                factor = v[pivot]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    def add(self, members: set[Coordinate]) -> None:
        v = self._reduce(self._vector(members))
        pivot = next((i for i, a in enumerate(v) if a), None)
        if pivot is None:
            return
        v = [a / v[pivot] for a in v]
        for p, r in list(self.rows.items()):
            if r[pivot]:
                self.rows[p] = [a - r[pivot] * b for a, b in zip(r, v, strict=True)]
        self.rows[pivot] = v

    def contains(self, members: set[Coordinate]) -> bool:
        return not any(self._reduce(self._vector(members)))


def insider_recoverable(
    contributions: Sequence[disclosure.Contribution],
    cells: Mapping[disclosure.CellKey, disclosure.Cell],
    insider: int,
) -> list[str]:
    found: list[str] = []
    for family in FAMILIES:
        coordinates: set[Coordinate] = set()
        value: dict[Coordinate, float] = {}
        for c in contributions:
            for p in family.parts:
                d = (c.organisation, (c.sector, c.group, p))
                coordinates.add(d)
                value[d] = value.get(d, 0) + c.values.get(p, 0)
        dims = sorted(coordinates)
        classes = sorted({d[1] for d in dims})
        span = _Span(dims)
        for d in dims:
            if d[0] == insider:
                span.add({d})
        mine = {k: v for k, v in cells.items() if k[0] == family.key}

        def members_of(key, dims=dims, classes=classes, family=family) -> set[Coordinate]:
            inside = classes_of(key, family, classes)
            return {d for d in dims if d[1] in inside}

        for key, cell in mine.items():
            if not cell.hidden:
                span.add(members_of(key))
        for key in mine:
            members = members_of(key)
            for org in {d[0] for d in members} - {insider}:
                own = {d for d in members if d[0] == org}
                if sum(value[d] for d in own) and span.contains(own):
                    found.append(f"organisation {org} in {key}")
        for d in dims:
            if d[0] != insider and value[d] and span.contains({d}):
                found.append(f"organisation {d[0]} in class {family.key} {d[1]}")
    return sorted(set(found))
