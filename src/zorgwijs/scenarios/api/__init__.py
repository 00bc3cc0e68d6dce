"""/api/v1 of the scenarios app: one router, its operations in a module per resource."""

from . import starter_kits  # noqa: F401  (registers its operations on the router)
from .scenarios import router

__all__ = ["router"]
