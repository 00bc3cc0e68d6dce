"""HR import of employees per organisation: parse → validate → plan (dry run) → apply.

    parsed = parse_hr_file(upload, filename=upload.name)
    plan = hr_import_plan(organisation=org, parsed=parsed)
    if plan.is_valid:
        hr_import_apply(actor=user, organisation=org, plan=plan)

A plan is applied at most once: applying fills in the ids it creates. The names below are
imported lazily, so ``hr_import.synthetic`` works before Django is set up.
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "HrImportPlanError": "applying",
    "HrImportResult": "applying",
    "hr_import_apply": "applying",
    "HrImportFileError": "parsing",
    "ParsedFile": "parsing",
    "RawRow": "parsing",
    "parse_hr_file": "parsing",
    "HrImportPlan": "planning",
    "hr_import_plan": "planning",
    "ImportRow": "validation",
    "RowError": "validation",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(name)
    return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
