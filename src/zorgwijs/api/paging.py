"""The paging block of the API's list operations: the ``limit`` and ``offset`` parameters, the
window they select and the counted answer (``total``, ``limit``, ``offset``; schema
``api/schemas.py: Page``).

Each operation keeps its own default and maximum: they are its contract in the OpenAPI
document (``limit_param(25, 100)`` reads there exactly as ``Query(25, ge=1, le=100)`` did).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from ninja import Query

T = TypeVar("T")
MAX_OFFSET = 1_000_000_000


def limit_param(default: int = 50, most: int = 200) -> Any:
    """The ``limit`` query parameter: how many items at most, 1 up to ``most``."""
    return Query(default, ge=1, le=most)


def offset_param(most: int = MAX_OFFSET) -> Any:
    """The ``offset`` query parameter: how many items to skip."""
    return Query(0, ge=0, le=most)


def window(
    rows: QuerySet[Any, T] | Sequence[T], *, limit: int, offset: int
) -> QuerySet[Any, T] | Sequence[T]:
    """The items of one page (on a QuerySet: one query with LIMIT and OFFSET)."""
    return rows[offset : offset + limit]


def page_info(total: int, *, limit: int, offset: int) -> dict[str, int]:
    """The ``Page`` part of a list answer."""
    return {"total": total, "limit": limit, "offset": offset}


def paged(
    rows: QuerySet[Any, T], item: Callable[[T], Any], *, limit: int, offset: int
) -> dict[str, Any]:
    """A counted list answer of a QuerySet: ``Page`` with the page's ``items``."""
    items = [item(row) for row in window(rows, limit=limit, offset=offset)]
    return {**page_info(rows.count(), limit=limit, offset=offset), "items": items}
