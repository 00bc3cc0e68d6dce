"""Writes of the assessments app; each owns its transaction and audit entry."""

from .checklists import assessment_sign, assessment_submit
from .knowledge import attempt_grant, attempt_start, attempt_submit, attempts_close_overdue
from .xapi import statement_receive

__all__ = [
    "assessment_sign",
    "assessment_submit",
    "attempt_grant",
    "attempt_start",
    "attempt_submit",
    "attempts_close_overdue",
    "statement_receive",
]
