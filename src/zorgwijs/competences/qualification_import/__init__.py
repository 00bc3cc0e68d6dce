"""Import of historical qualifications and e-learning results: parse → plan (dry run) → apply.

    parsed = qualification_file_parse(upload, filename=upload.name)
    plan = qualification_import_plan(organisation=org, parsed=parsed, filename=upload.name)
    if plan.is_valid:
        qualification_import_apply(actor=user, plan=plan)

Rows already present (same external reference, or same person, item, date and evidence) are
skipped and reported, so importing the same file twice changes nothing the second time.
"""

from .importing import (
    QualificationImportError,
    QualificationImportPlan,
    qualification_file_parse,
    qualification_import_apply,
    qualification_import_plan,
)

__all__ = [
    "QualificationImportError",
    "QualificationImportPlan",
    "qualification_file_parse",
    "qualification_import_apply",
    "qualification_import_plan",
]
