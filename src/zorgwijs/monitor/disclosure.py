"""Disclosure control: which regional cells may be published, and their published values.

Pure functions over plain data, no database: ``protect`` takes one quarter's contributions (the
rows of the member organisations) and the network's rules and returns every cell with its
published value or ``None`` (suppressed). docs/monitor.md explains the rules and why they hold.

Cells. For each family of indicators (indicators.FAMILIES) a quarter has a cell for the region
(``total``), for each sector and for each function group (rows without one count as "not
given"), and, for a family with parts (outflow by reason), a cell per part next to the family
total. Cells are sums of rows, so they are bound by linear relations: a parent is the sum of its
children (region = Σ sectors = Σ function groups; family total = Σ parts).

1. Primary: a cell is unsafe with fewer than ``min_organisations`` contributing organisations,
   when one organisation holds more than ``dominance_percent`` of the cell's weight (its value;
   for a percentage, its denominator), when what is left after its ``min_organisations`` − 1
   largest contributors is less than REMAINDER_PERCENT of the largest (the p%-rule), or when a
   percentage's denominator is below ``min_denominator``.
2. Secondary, per relation until nothing changes: a hidden parent needs a hidden child; a
   visible parent with hidden children needs at least two of them, and what they add up to
   (which anyone can compute as parent minus the visible children) must itself pass the primary
   rule and not be zero (values are never negative, so a zero sum gives each hidden child);
   otherwise one more child is hidden (the smallest), or the parent when none is left.
3. Across groupings: sectors and function groups share the region's total, so the difference
   between the hidden sectors and the hidden function groups is known too; when that difference
   does not pass the primary rule, the function-group breakdown of that figure is hidden.
4. The audit solves the published cells as an outsider would, and as members who pool their
   figures would (coalitions of up to ``min_organisations`` − 2), and hides a cell more while
   anything can be solved.
5. Published values are rounded: counts to ``rounding_base`` (a non-zero count never shows as
   0), amounts to whole numbers, percentages to one decimal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .indicators import FAMILIES, STOCK_FIELDS, Family

TOTAL, SECTOR, GROUP = "total", "sector", "group"
NO_GROUP = "-"  # rows without a function group
EPSILON = 1e-9

# The safe bounds of a network's rules: a network may be stricter than the defaults, never
# looser than the lower (or upper) bound here.
BOUNDS: dict[str, tuple[int, int]] = {
    "min_organisations": (3, 10),
    "dominance_percent": (20, 50),
    "min_denominator": (20, 1000),
    "rounding_base": (5, 10),
}

# The p%-rule against members who pool their figures (docs/monitor.md, "Members who pool their
# figures"): the coalition of the min_organisations − 2 largest contributors after the largest
# one, subtracting its own figures from a published aggregate, keeps an upper bound on the
# largest that is off by what the others add; that must be at least this percentage of the
# largest. Fixed for every network (not one of the configurable rules).
REMAINDER_PERCENT = 10


@dataclass(frozen=True)
class Rules:
    min_organisations: int = 3
    dominance_percent: int = 50
    min_denominator: int = 50
    rounding_base: int = 5

    def __post_init__(self) -> None:
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                raise ValueError(f"{name}={value} outside the safe bounds {low}–{high}")


@dataclass(frozen=True)
class Contribution:
    """One row of one organisation in one quarter: its sector, function group (or ""), and the
    additive values of indicators.atom_values."""

    organisation: int
    sector: str
    group: str
    values: Mapping[str, float]


CellKey = tuple[str, str, str, str]  # family, dimension, member, part ("" = family total)


@dataclass
class Cell:
    key: CellKey
    by_org: dict[int, float] = field(default_factory=dict)  # value per organisation
    weight: dict[int, float] = field(default_factory=dict)  # denominator per organisation
    hidden: bool = False
    reason: str = ""  # few, dominant, denominator, secondary, crossing

    @property
    def value(self) -> float:
        return sum(self.by_org.values())

    @property
    def size(self) -> float:
        return sum(abs(v) for v in self.weight.values())


@dataclass(frozen=True)
class Published:
    """A cell as it leaves the system: ``value`` is None when the cell is suppressed."""

    family: str
    dimension: str
    member: str
    part: str
    value: float | None
    organisations: int | None  # how many organisations contributed (None when suppressed)

    def as_list(self) -> list:
        return [self.family, self.dimension, self.member, self.part, self.value, self.organisations]

    @classmethod
    def from_list(cls, item: Sequence) -> Published:
        return cls(*item)


def passes(
    values: Mapping[int, float], weights: Mapping[int, float], rules: Rules, *, ratio: bool = False
) -> bool:
    """The primary rule for an aggregate over organisations: enough of them, none dominating
    the weight, the largest not estimated by the next largest ones together (REMAINDER_PERCENT),
    and for a percentage a large enough denominator."""
    count = rules.min_organisations
    if len(values) < count:
        return False
    sizes = sorted(map(abs, weights.values()), reverse=True)
    total = sum(sizes)
    if total > EPSILON:
        largest = sizes[0]
        if largest * 100 > rules.dominance_percent * total + EPSILON:
            return False
        # A coalition of the min_organisations - 2 next largest subtracts its own figures from
        # the aggregate: what is left over the largest one must still be uncertain.
        if sum(sizes[count - 1 :]) * 100 + EPSILON < REMAINDER_PERCENT * largest:
            return False
    return not (ratio and total < rules.min_denominator)


def build_cells(
    contributions: Iterable[Contribution],
    family: Family,
    classes: Mapping[tuple[str, str, str], Cell] | None = None,
) -> dict[CellKey, Cell]:
    """Every cell of ``family`` with each organisation's share (no suppression), summed from
    the row classes (sector × function group × part)."""
    if classes is None:
        classes = _classes(list(contributions), family)
    multi = len(family.parts) > 1
    ratio = family.kind == "ratio"
    cells: dict[CellKey, Cell] = {}
    key_family = family.key

    def cell_of(key: CellKey) -> Cell:
        cell = cells.get(key)
        if cell is None:
            cell = cells[key] = Cell(key)
            if not ratio:
                cell.weight = cell.by_org  # a count's weight is its value
        return cell

    def add(into: Cell, source: Cell) -> None:
        _add(into.by_org, source.by_org)
        if ratio:
            _add(into.weight, source.weight)

    # Summed level by level, each from the level below (fewer additions than adding every
    # class into every cell it belongs to): sectors and function groups per part from the
    # classes, their family totals from their parts, and the region from the sectors.
    for (sector, group, part), klass in classes.items():
        p = part if multi else ""
        add(cell_of((key_family, SECTOR, sector, p)), klass)
        add(cell_of((key_family, GROUP, group, p)), klass)
    if multi:
        for key in list(cells):
            family_total = cell_of((key_family, key[1], key[2], ""))
            add(family_total, cells[key])
    for key in list(cells):
        if key[1] == SECTOR:
            add(cell_of((key_family, TOTAL, "", key[3])), cells[key])
    groups = {k[2] for k in cells if k[1] == GROUP}
    if groups <= {NO_GROUP}:
        # Nobody split by function group: the only group cell would repeat the total.
        cells = {k: v for k, v in cells.items() if k[1] != GROUP}
    return cells


def _add(into: dict[int, float], shares: Mapping[int, float]) -> None:
    """Add each organisation's share to ``into``."""
    if into.keys().isdisjoint(shares):
        into.update(shares)  # other organisations (another sector, group or class): copied
        return
    get = into.get
    for org, value in shares.items():
        into[org] = get(org, 0.0) + value


def _relations(
    cells: Mapping[CellKey, Cell], family: Family
) -> list[tuple[CellKey, list[CellKey]]]:
    part_keys = ("", *family.parts) if len(family.parts) > 1 else ("",)
    members: dict[str, list[str]] = defaultdict(list)
    for _family, dimension, member, part in sorted(cells):
        if part == "" and dimension != TOTAL:
            members[dimension].append(member)
    relations: list[tuple[CellKey, list[CellKey]]] = []
    for dimension in (SECTOR, GROUP):
        if not members[dimension]:
            continue
        for part in part_keys:
            parent = (family.key, TOTAL, "", part)
            children = [(family.key, dimension, m, part) for m in members[dimension]]
            relations.append((parent, [c for c in children if c in cells]))
    if len(family.parts) > 1:
        places = [(TOTAL, "")] + [(d, m) for d in (SECTOR, GROUP) for m in members[d]]
        for dimension, member in places:
            parent = (family.key, dimension, member, "")
            children = [(family.key, dimension, member, p) for p in family.parts]
            relations.append((parent, [c for c in children if c in cells]))
    return [(p, ch) for p, ch in relations if p in cells and ch]


def _merge(cells: Iterable[Cell]) -> tuple[dict[int, float], dict[int, float]]:
    values: dict[int, float] = defaultdict(float)
    weights: dict[int, float] = defaultdict(float)
    for cell in cells:
        for org, v in cell.by_org.items():
            values[org] += v
        for org, w in cell.weight.items():
            weights[org] += w
    return values, weights


def _hide(cell: Cell, reason: str) -> None:
    cell.hidden = True
    cell.reason = cell.reason or reason


def _smallest(candidates: list[Cell]) -> Cell:
    return min(candidates, key=lambda c: (c.size, abs(c.value), c.key))


def suppress_family(
    cells: dict[CellKey, Cell],
    family: Family,
    rules: Rules,
    classes: Mapping[tuple[str, str, str], Cell] | None = None,
) -> None:
    """Primary and secondary suppression, then the audit, until the audit finds nothing."""
    _primary(cells, family, rules)
    classes = classes or {}
    while True:
        _secondary(cells, family, rules)
        extra = _audit(cells, classes, family, rules) if classes else None
        if extra is None:
            return
        _hide(extra, "audit")


def _primary(cells: dict[CellKey, Cell], family: Family, rules: Rules) -> None:
    ratio = family.kind == "ratio"
    for cell in cells.values():
        if len(cell.by_org) < rules.min_organisations:
            _hide(cell, "few")
        elif not passes(cell.by_org, cell.weight, rules):
            _hide(cell, "dominant")
        elif ratio and cell.size < rules.min_denominator:
            _hide(cell, "denominator")


def _secondary(cells: dict[CellKey, Cell], family: Family, rules: Rules) -> None:
    ratio = family.kind == "ratio"
    relations = _relations(cells, family)
    part_keys = ("", *family.parts) if len(family.parts) > 1 else ("",)
    # Per part: the region's cell, its sectors and its function groups (the crossing rule).
    crossings = [
        (
            total,
            [c for k, c in cells.items() if k[1] == SECTOR and k[3] == part],
            [c for k, c in cells.items() if k[1] == GROUP and k[3] == part],
        )
        for part in part_keys
        if (total := cells.get((family.key, TOTAL, "", part))) is not None
    ]
    changed = True
    while changed:
        changed = False
        for parent_key, child_keys in relations:
            parent = cells[parent_key]
            children = [cells[k] for k in child_keys]
            hidden = [c for c in children if c.hidden]
            visible = [c for c in children if not c.hidden]
            if parent.hidden:
                if not hidden and len(children) > 0:
                    # Parent = Σ children: with every child visible it is recomputed.
                    _hide(_smallest(visible), "secondary")
                    changed = True
                continue
            if not hidden:
                continue
            values, weights = _merge(hidden)
            # What the hidden children add up to is known (parent minus the visible ones), so
            # it must pass the primary rule itself, and not be zero: figures are never
            # negative, so a zero sum would give every hidden child as 0.
            residual = sum(values.values())
            if (
                len(hidden) >= 2
                and residual > EPSILON
                and passes(values, weights, rules, ratio=ratio)
            ):
                continue
            nonzero = [c for c in visible if c.value > EPSILON]
            if residual > EPSILON:
                nonzero = visible
            _hide(_smallest(nonzero) if nonzero else parent, "secondary")
            changed = True
        for total, sectors, by_group in crossings:
            if total.hidden:
                continue
            by_sector = [c for c in sectors if c.hidden]
            hidden_groups = [c for c in by_group if c.hidden]
            if not by_sector or not hidden_groups:
                continue
            sector_values, sector_weights = _merge(by_sector)
            group_values, group_weights = _merge(hidden_groups)
            difference = {
                org: sector_values.get(org, 0.0) - group_values.get(org, 0.0)
                for org in set(sector_values) | set(group_values)
            }
            difference = {o: v for o, v in difference.items() if abs(v) > EPSILON}
            if not difference or passes(difference, difference, rules):
                continue
            for cell in by_group:
                if not cell.hidden:
                    _hide(cell, "crossing")
                    changed = True


PRIME = (1 << 61) - 1  # exact for 0/1 vectors of this size, see docs/monitor.md


class _Span:
    """The row space of published cells over the row classes, reduced modulo a large prime.

    Used to check that no hidden cell and no class of too few organisations can be solved
    from the published cells (the exact recomputation an attacker with the whole release
    would do). A dependency missed modulo the prime would need the prime to divide a minor of
    a small 0/1 matrix; a dependency found in excess only hides one cell more."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, int]] = {}  # pivot -> sparse row (pivot coefficient 1)

    def _reduce(self, vector: dict[int, int]) -> dict[int, int]:
        # The rows are kept reduced (each pivot column is zero in every other row), so taking
        # a row away changes no other pivot's coefficient: only the pivots ``vector`` holds
        # need a step, in any order.
        rows = self.rows
        v = dict(vector)
        for pivot in [p for p in vector if p in rows]:
            factor = v.pop(pivot)
            for i, a in rows[pivot].items():
                if i == pivot:
                    continue
                value = (v.get(i, 0) - factor * a) % PRIME
                if value:
                    v[i] = value
                else:
                    v.pop(i, None)
        return v

    def add(self, vector: dict[int, int]) -> None:
        v = self._reduce(vector)
        if not v:
            return
        pivot = min(v)
        inverse = pow(v[pivot], PRIME - 2, PRIME)
        v = {i: a * inverse % PRIME for i, a in v.items()}
        for row in self.rows.values():
            factor = row.get(pivot)
            if factor:
                for i, a in v.items():
                    value = (row.get(i, 0) - factor * a) % PRIME
                    if value:
                        row[i] = value
                    else:
                        row.pop(i, None)
        self.rows[pivot] = v

    def contains(self, vector: dict[int, int]) -> bool:
        return not self._reduce(vector)


Buckets = dict[tuple[str, str], dict[int, Mapping[str, float]]]


def _buckets(contributions: Iterable[Contribution]) -> Buckets:
    """The rows per sector and function group, one values mapping per organisation (two rows
    of one organisation in one bucket are summed). The same for every family."""
    buckets: Buckets = {}
    for c in contributions:
        bucket = buckets.setdefault((c.sector, c.group or NO_GROUP), {})
        earlier = bucket.get(c.organisation)
        if earlier is None:
            bucket[c.organisation] = c.values
        else:
            bucket[c.organisation] = {
                name: float(earlier.get(name, 0.0)) + float(c.values.get(name, 0.0))
                for name in {*earlier, *c.values}
            }
    return buckets


def _classes(
    contributions: Sequence[Contribution], family: Family, buckets: Buckets | None = None
) -> dict[tuple[str, str, str], Cell]:
    """The row classes (sector × function group × part) with each organisation's share."""
    if buckets is None:
        buckets = _buckets(contributions)
    classes: dict[tuple[str, str, str], Cell] = {}
    ratio = family.kind == "ratio"
    for (sector, group), bucket in buckets.items():
        fte = (
            {org: float(values.get("fte", 0.0)) for org, values in bucket.items()} if ratio else {}
        )
        for part in family.parts:
            cell = Cell((family.key, "class", f"{sector}/{group}", part))
            cell.by_org = {org: float(values.get(part, 0.0)) for org, values in bucket.items()}
            # A count's weight is its value; a percentage's its FTE.
            cell.weight = dict(fte) if ratio else cell.by_org
            classes[(sector, group, part)] = cell
    return classes


def _vectors(
    cells: Mapping[CellKey, Cell],
    classes: Mapping[tuple[str, str, str], Cell],
    family: Family,
) -> tuple[dict[tuple[str, str, str], int], dict[CellKey, dict[int, int]]]:
    """Each row class's index, and each cell as the 0/1 vector of the classes it sums (the
    same classes build_cells adds into it)."""
    index = {key: i for i, key in enumerate(sorted(classes))}
    vectors: dict[CellKey, dict[int, int]] = {key: {} for key in cells}
    parts = (None, "") if len(family.parts) > 1 else ("",)
    for (sector, group, part), i in index.items():
        for dimension, member in ((TOTAL, ""), (SECTOR, sector), (GROUP, group)):
            for p in parts:
                vector = vectors.get((family.key, dimension, member, part if p is None else p))
                if vector is not None:
                    vector[i] = 1
    return index, vectors


def _audit(
    cells: dict[CellKey, Cell],
    classes: Mapping[tuple[str, str, str], Cell],
    family: Family,
    rules: Rules,
) -> Cell | None:
    """A visible cell to hide because the published cells solve a hidden cell or a class of
    too few (or one dominating) organisations; None when nothing can be solved."""
    ratio = family.kind == "ratio"
    hidden = [key for key, cell in sorted(cells.items()) if cell.hidden]
    unsafe = [
        class_key
        for class_key, klass in sorted(classes.items())
        # Nothing to learn from a class that is zero throughout.
        if (abs(klass.value) >= EPSILON or klass.size >= EPSILON)
        and not passes(klass.by_org, klass.weight, rules, ratio=ratio)
    ]
    if not hidden and not unsafe:
        return None  # nothing that could be solved
    index, vectors = _vectors(cells, classes, family)
    span = _Span()
    for key, cell in cells.items():
        if not cell.hidden:
            span.add(vectors[key])
    solved: list[dict[int, int]] = [vectors[key] for key in hidden if span.contains(vectors[key])]
    solved += [
        {index[class_key]: 1} for class_key in unsafe if span.contains({index[class_key]: 1})
    ]
    if not solved:
        targets = [(vectors[key], cells[key]) for key in hidden if vectors[key]]
        targets += [({index[key]: 1}, classes[key]) for key in unsafe]
        solved = _solved_by_a_coalition(
            cells, classes, index, vectors, rules, span, targets, ratio=ratio
        )
    if not solved:
        return None
    target = set(solved[0])
    # Hide the breakdown that solves it: a visible function-group cell overlapping the target
    # first (the weaker grouping), else the smallest visible cell overlapping it.
    overlapping = [
        c for k, c in cells.items() if not c.hidden and set(vectors[k]) & target and k[1] != TOTAL
    ]
    groups = [c for c in overlapping if c.key[1] == GROUP]
    candidates = groups or overlapping or [c for c in cells.values() if not c.hidden]
    return _smallest(candidates) if candidates else None


def _solved_by_a_coalition(
    cells: Mapping[CellKey, Cell],
    classes: Mapping[tuple[str, str, str], Cell],
    index: Mapping[tuple[str, str, str], int],
    vectors: Mapping[CellKey, dict[int, int]],
    rules: Rules,
    span: _Span,
    targets: Sequence[tuple[dict[int, int], Cell]],
    *,
    ratio: bool = False,
) -> list[dict[int, int]]:
    """What members who pool their figures solve: a coalition *C* of up to
    ``min_organisations − 2`` organisations, each knowing its own figures exactly (one member
    alone is the smallest coalition). Returns the offending combinations, [] when none.

    1. Another organisation's figures. *C* subtracts its own share from every published cell.
       With another organisation *b*, take the classes held by members of *S* = *C* ∪ {*b*}
       only: a combination of published cells that sums such classes only is known to
       everybody, and once *C* subtracts its share what is left is *b*'s. So no combination of
       published cells may sum classes held by at most ``min_organisations − 1`` organisations
       (the members of one *S*) with a nonzero class among them. Example
       (tests/monitor/test_insider.py): the region minus a sector and minus a function group
       left one organisation's two function groups plus the classes of the member that asks.
    2. A hidden cell or a class failing the primary rule (``targets``, with ``span`` the
       published cells' span). *C* knows the classes held by its members alone, so it solves a
       target that lies in the published span widened by those classes, and learns it when the
       target holds something of an organisation outside *C*: a hidden sector that one
       organisation dominates is region minus the visible sectors minus a sector of the member
       that asks.
    """
    size = len(index)
    owners = {index[key]: frozenset(klass.by_org) for key, klass in classes.items()}
    nonzero = {
        index[key]
        for key, klass in classes.items()
        if abs(klass.value) >= EPSILON or klass.size >= EPSILON
    }
    limit = rules.min_organisations - 1  # a coalition and the organisation it learns about
    few = {i: orgs for i, orgs in owners.items() if 0 < len(orgs) <= limit}
    if not few:
        return []
    found = _one_organisation(cells, vectors, size, few, nonzero, limit)
    if found:
        return found
    return _target_of_a_coalition(span, targets, owners, limit - 1, rules, ratio)


def _one_organisation(
    cells: Mapping[CellKey, Cell],
    vectors: Mapping[CellKey, dict[int, int]],
    size: int,
    few: Mapping[int, frozenset[int]],
    nonzero: set[int],
    limit: int,
) -> list[dict[int, int]]:
    """Step 1 of _solved_by_a_coalition: published combinations that sum only classes held by
    at most ``limit`` organisations together, with a nonzero class among them."""
    if not any(i in nonzero for i in few):
        return []
    # Classes of few organisations last: with the pivot the smallest index, the rows whose
    # pivot is such a class are a basis of the published combinations over those classes only.
    order = {i: (i + size if i in few else i) for i in range(size)}
    back = {v: k for k, v in order.items()}
    span = _Span()
    for key, cell in cells.items():
        if not cell.hidden:
            span.add({order[i]: a for i, a in vectors[key].items()})
    basis = [
        {back[i]: a for i, a in row.items()} for pivot, row in span.rows.items() if pivot >= size
    ]
    if not any(i in nonzero for row in basis for i in row):
        return []  # no combination holds a nonzero class
    support = set().union(*basis)
    coalitions = _coalitions({few[i] for i in support}, limit)
    if coalitions is None:
        # Too many ways to pool: every such combination counts as solved (one more cell hidden).
        return [row for row in basis if any(i in nonzero for i in row)]
    found: list[dict[int, int]] = []
    for members in coalitions:
        theirs = {i for i in support if few[i] <= members}
        if not theirs & nonzero:
            continue
        # Within the basis, the classes of these organisations last: the rows whose pivot is
        # one of them sum their classes only.
        inner = {i: (i + size if i in theirs else i) for i in support}
        inner_back = {v: k for k, v in inner.items()}
        sub = _Span()
        for row in basis:
            sub.add({inner[i]: a for i, a in row.items()})
        for pivot, row in sub.rows.items():
            if pivot >= size and any(inner_back[i] in nonzero for i in row):
                found.append({inner_back[i]: a for i, a in row.items()})
        if found:
            return found
    return found


def _target_of_a_coalition(
    span: _Span,
    targets: Sequence[tuple[dict[int, int], Cell]],
    owners: Mapping[int, frozenset[int]],
    limit: int,
    rules: Rules,
    ratio: bool,
) -> list[dict[int, int]]:
    """Step 2 of _solved_by_a_coalition, for coalitions of at most ``limit`` organisations."""
    if not targets or limit < 1:
        return []
    small = {i: orgs for i, orgs in owners.items() if 0 < len(orgs) <= limit}
    if not small:
        return []
    coalitions = _coalitions(set(small.values()), limit)
    if coalitions is None:
        return [targets[0][0]]
    # Reducing modulo the published span is linear with the span as its kernel: a target lies
    # in the span widened by some classes when its remainder lies in the span of theirs.
    remainders = [(span._reduce(vector), cell) for vector, cell in targets]
    for coalition in coalitions:
        known = _Span()
        for i, orgs in small.items():
            if orgs <= coalition:
                known.add(span._reduce({i: 1}))
        if not known.rows:
            continue
        for (vector, cell), (remainder, _cell) in zip(targets, remainders, strict=True):
            if _sensitive_outside(cell, coalition, rules, ratio) and known.contains(remainder):
                return [vector]
    return []


def _sensitive_outside(cell: Cell, coalition: frozenset[int], rules: Rules, ratio: bool) -> bool:
    """Whether ``coalition`` may not learn ``cell``: the cell fails the primary rule, and what
    it holds of the organisations outside the coalition is not all zero and fails the primary
    rule as an aggregate of its own. A cell that passes the primary rule (hidden only to
    protect another) tells the coalition what a published cell would; one that fails it only
    for the coalition's own share (a member dominating it) tells it a publishable aggregate."""
    if passes(cell.by_org, cell.weight, rules, ratio=ratio):
        return False
    values = {org: v for org, v in cell.by_org.items() if org not in coalition}
    weights = {org: w for org, w in cell.weight.items() if org not in coalition}
    if not any(abs(v) >= EPSILON for v in values.values()) and not any(
        abs(w) >= EPSILON for w in weights.values()
    ):
        return False
    return not passes(values, weights, rules, ratio=ratio)


COALITION_LIMIT = 2000  # candidate coalitions per family and round before pooling counts as solved


def _coalitions(groups: set[frozenset[int]], limit: int) -> list[frozenset[int]] | None:
    """The largest unions of ``groups`` (the owners of classes) of at most ``limit``
    organisations: every coalition that knows whole classes knows those of one of them. None
    when there are more than COALITION_LIMIT unions."""
    groups = {g for g in groups if len(g) <= limit}
    everything = frozenset().union(*groups) if groups else frozenset()
    if len(everything) <= limit:
        return [everything] if groups else []
    seen = set(groups)
    frontier = list(groups)
    while frontier:
        grown = []
        for coalition in frontier:
            for group in groups:
                union = coalition | group
                if len(union) <= limit and union not in seen:
                    seen.add(union)
                    grown.append(union)
                    if len(seen) > COALITION_LIMIT:
                        return None
        frontier = grown
    largest: list[frozenset[int]] = []
    for coalition in sorted(seen, key=lambda s: (-len(s), sorted(s))):
        if not any(coalition < other for other in largest):
            largest.append(coalition)
    return largest


def _rounded(value: float, family: Family, rules: Rules, denominator: float) -> float:
    if family.kind == "ratio":
        percent = Decimal(100 * value / denominator) if denominator > EPSILON else Decimal(0)
        return float(percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    if family.kind == "amount":
        return float(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    base = rules.rounding_base
    steps = (Decimal(value) / base).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    rounded = int(steps) * base
    return float(base if value > EPSILON and rounded == 0 else rounded)


def protect_cells(contributions: Sequence[Contribution], rules: Rules) -> dict[CellKey, Cell]:
    """Every cell of every family after suppression (with each organisation's share): for the
    release check and for tests. What leaves the system comes from ``protect``."""
    result: dict[CellKey, Cell] = {}
    buckets = _buckets(contributions)
    for family in FAMILIES:
        classes = _classes(contributions, family, buckets)
        cells = build_cells(contributions, family, classes)
        suppress_family(cells, family, rules, classes)
        result.update(cells)
    return result


def protect_months(
    months: Sequence[Sequence[Contribution]],
    quarter: Mapping[CellKey, Cell],
    rules: Rules,
) -> list[dict[CellKey, Cell]]:
    """The cells of a quarter's three months, given the quarter's protected cells, when every
    organisation counted in the quarter delivered it by month (the caller checks that).

    Each month is protected like a quarter (primary, secondary, audit). Then one pattern of
    hidden cells holds for all three months: a cell hidden in the quarter or in any month
    (or missing from a month) is hidden in every month, and each month's secondary suppression
    and audit run again, until nothing changes. With the same cells visible in every month, the
    quarter (the months' sum for flows, the last month for stocks) adds nothing an attacker could
    not compute from the months, and the months solve no hidden cell: docs/monitor.md, "Months".
    """
    result: list[dict[CellKey, Cell]] = [{} for _ in months]
    month_buckets = [_buckets(contributions) for contributions in months]
    for family in FAMILIES:
        classes = [
            _classes(contributions, family, buckets)
            for contributions, buckets in zip(months, month_buckets, strict=True)
        ]
        cells = [
            build_cells(contributions, family, klass)
            for contributions, klass in zip(months, classes, strict=True)
        ]
        if all(part in STOCK_FIELDS for part in family.parts):
            # A stock is counted at the end of each month and the quarter's is its last month's:
            # months share no relation with each other, and the last month is the quarter.
            for month_cells, klass in zip(cells[:2], classes[:2], strict=True):
                suppress_family(month_cells, family, rules, klass)
            for key, cell in cells[2].items():
                cell.hidden = key not in quarter or quarter[key].hidden
                cell.reason = "period" if cell.hidden else ""
            for into, month_cells in zip(result, cells, strict=True):
                into.update(month_cells)
            continue
        for month_cells, klass in zip(cells, classes, strict=True):
            suppress_family(month_cells, family, rules, klass)
        keys = set().union(*cells) | {k for k in quarter if k[0] == family.key}
        while True:
            hidden = {
                k
                for k in keys
                if any(k not in month or month[k].hidden for month in cells)
                or (k in quarter and quarter[k].hidden)
                or k not in quarter
            }
            changed = False
            for month in cells:
                for key in hidden:
                    found = month.get(key)
                    if found is not None and not found.hidden:
                        _hide(found, "period")
                        changed = True
            if not changed:
                break
            for month_cells, klass in zip(cells, classes, strict=True):
                while True:
                    _secondary(month_cells, family, rules)
                    extra = _audit(month_cells, klass, family, rules) if klass else None
                    if extra is None:
                        break
                    _hide(extra, "audit")
        for into, month_cells in zip(result, cells, strict=True):
            into.update(month_cells)
    return result


def publish(cells: Mapping[CellKey, Cell], rules: Rules) -> list[Published]:
    by_key = {f.key: f for f in FAMILIES}
    out: list[Published] = []
    for key in sorted(cells):
        cell = cells[key]
        family = by_key[key[0]]
        if cell.hidden:
            out.append(Published(*key, value=None, organisations=None))
            continue
        out.append(
            Published(
                *key,
                value=_rounded(cell.value, family, rules, cell.size),
                organisations=len(cell.by_org),
            )
        )
    return out


def protect(contributions: Sequence[Contribution], rules: Rules) -> list[Published]:
    """One quarter's publishable cells."""
    return publish(protect_cells(contributions, rules), rules)


def changes_are_safe(
    old: Mapping[CellKey, Cell], new: Mapping[CellKey, Cell], rules: Rules
) -> bool:
    """Whether replacing a published quarter ``old`` by ``new`` reveals nothing by differencing:
    for every cell visible in both, the change per organisation is zero or, as an aggregate,
    passes the primary rule (at least ``min_organisations`` changed, none dominating the
    change). A late submission or correction by one organisation alone fails this."""
    for key, after in new.items():
        before = old.get(key)
        if before is None or before.hidden or after.hidden:
            continue
        orgs = set(before.by_org) | set(after.by_org)
        delta = {o: after.by_org.get(o, 0.0) - before.by_org.get(o, 0.0) for o in orgs}
        weight = {o: after.weight.get(o, 0.0) - before.weight.get(o, 0.0) for o in orgs}
        changed = {o for o in orgs if abs(delta[o]) > EPSILON or abs(weight[o]) > EPSILON}
        changed |= set(before.by_org) ^ set(after.by_org)
        if not changed:
            continue
        sizes = {o: abs(delta[o]) + abs(weight[o]) for o in changed}
        if not passes(sizes, sizes, rules):
            return False
    return True
