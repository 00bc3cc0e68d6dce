"""/api/v1 of the scenarios app: one router, its operations in a module per resource."""

from . import authoring, reviews, starter_kits  # noqa: F401  (register their operations)
from .scenarios import router

__all__ = ["router"]
