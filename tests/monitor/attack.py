"""An attacker of the published monitor: exact linear algebra over everything published.

Every cell is a sum over row classes (sector × function group × part). The attacker knows the
structure and every published value (taken as exact: the worst case, rounding ignored) and asks
whether a hidden cell, or the class of a single organisation, lies in the span of the published
cells; if so, it is recomputed exactly. Rational arithmetic, no tolerance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from zorgwijs.monitor import disclosure
from zorgwijs.monitor.indicators import FAMILIES, Family

Class = tuple[str, str, str]  # sector, group, part


def classes_of(key: disclosure.CellKey, family: Family, classes: Sequence[Class]) -> set[Class]:
    _family, dimension, member, part = key
    parts = set(family.parts) if part == "" else {part}
    out = set()
    for sector, group, p in classes:
        if p not in parts:
            continue
        if dimension == disclosure.SECTOR and sector != member:
            continue
        if dimension == disclosure.GROUP and (group or disclosure.NO_GROUP) != member:
            continue
        out.add((sector, group, p))
    return out


class Span:
    """Row-reduced basis of published vectors over the classes."""

    def __init__(self, dims: Sequence[Class]):
        self.index = {c: i for i, c in enumerate(dims)}
        self.rows: list[tuple[int, list[Fraction]]] = []  # (pivot, row)

    def _vector(self, members: set[Class]) -> list[Fraction]:
        v = [Fraction(0)] * len(self.index)
        for c in members:
            v[self.index[c]] = Fraction(1)
        return v

    def _reduce(self, v: list[Fraction]) -> list[Fraction]:
        v = list(v)
        for pivot, row in self.rows:
            if v[pivot]:
                factor = v[pivot]
                v = [a - factor * b for a, b in zip(v, row, strict=True)]
        return v

    def add(self, members: set[Class]) -> None:
        v = self._reduce(self._vector(members))
        pivot = next((i for i, a in enumerate(v) if a), None)
        if pivot is None:
            return
        v = [a / v[pivot] for a in v]
        self.rows = [
            (p, [a - r[pivot] * b for a, b in zip(r, v, strict=True)]) for p, r in self.rows
        ]
        self.rows.append((pivot, v))

    def contains(self, members: set[Class]) -> bool:
        return not any(self._reduce(self._vector(members)))


def recoverable(
    contributions: Sequence[disclosure.Contribution],
    cells: Mapping[disclosure.CellKey, disclosure.Cell],
    rules: disclosure.Rules,
) -> list[str]:
    """What the attacker recomputes: hidden cells, and classes held by one organisation (or by
    fewer than the minimum) that sit in the span of the published cells."""
    found: list[str] = []
    for family in FAMILIES:
        classes = sorted({(c.sector, c.group, p) for c in contributions for p in family.parts})
        owners: dict[Class, set[int]] = {}
        for c in contributions:
            for p in family.parts:
                owners.setdefault((c.sector, c.group, p), set()).add(c.organisation)
        span = Span(classes)
        mine = {k: v for k, v in cells.items() if k[0] == family.key}
        for key, cell in mine.items():
            if not cell.hidden:
                span.add(classes_of(key, family, classes))
        for key, cell in mine.items():
            members = classes_of(key, family, classes)
            if cell.hidden and members and span.contains(members):
                found.append(f"hidden cell {key}")
        for klass, orgs in owners.items():
            if len(orgs) < rules.min_organisations and span.contains({klass}):
                value = sum(
                    c.values.get(klass[2], 0)
                    for c in contributions
                    if (c.sector, c.group) == klass[:2]
                )
                if value:
                    found.append(f"class {family.key} {klass} of {sorted(orgs)}")
    return found
