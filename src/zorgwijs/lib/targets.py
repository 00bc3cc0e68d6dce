"""Rows that point at one of several kinds of object through nullable foreign keys.

A notification, a follow, a credential's achievement and a learning-loop link each name their
object with one foreign key per kind instead of a generic relation: a query is a plain indexed
``WHERE page_id = …``, a list joins its objects with ``select_related`` and deleting an object
deletes (or protects) what points at it. The database keeps the rule that one of them is set:

- ``exactly_one_constraint``: exactly one of the fields is set (notifications, follows,
  credentials);
- ``kind_target_constraint``: a ``kind`` column says which field is set (learning-loop links).

``OneTarget`` gives such a model ``target_kind`` and ``target`` from its ``target_fields``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import reduce
from operator import or_
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q


def exactly_one_constraint(name: str, fields: Sequence[str]) -> models.CheckConstraint:
    """Exactly one of ``fields`` (foreign keys) is set."""
    conditions = [
        Q(**{f"{field}__isnull": field != chosen for field in fields}) for chosen in fields
    ]
    return models.CheckConstraint(condition=reduce(or_, conditions), name=name)


def kind_target_constraint(
    name: str, kind_field: str, fields: Mapping[Any, str]
) -> models.CheckConstraint:
    """The field that ``fields`` names for the row's kind is set."""
    conditions = [
        Q(**{kind_field: kind, f"{field}__isnull": False}) for kind, field in fields.items()
    ]
    return models.CheckConstraint(condition=reduce(or_, conditions), name=name)


class OneTarget:
    """For a model whose ``target_fields`` are foreign keys of which one is set."""

    target_fields: ClassVar[Sequence[str]]

    @property
    def target_kind(self) -> str:
        """The name of the field that is set."""
        return next(f for f in self.target_fields if getattr(self, f"{f}_id") is not None)

    @property
    def target(self) -> Any:
        return getattr(self, self.target_kind)
