"""The evidence an inspector relies on is append-only in the database, not only in Python.

Competence records are never changed or deleted (a correction is a new ``void`` record);
a sign-off request may change while it is pending and never again once decided: who
approved what, when, is the assessment's evidence. Raw SQL and ``QuerySet.update()`` /
``delete()`` are refused by triggers, the audit log's mechanism (``audit/db.py``).
"""

from __future__ import annotations

from zorgwijs.audit.db import AppendOnly

RECORDS = AppendOnly(
    "competence_record", "competences_competencerecord", "competence records are append-only"
)
DECIDED_SIGN_OFFS = AppendOnly(
    "competence_sign_off",
    "competences_signoffrequest",
    "a decided sign-off is never changed",
    frozen_when="OLD.state <> 'pending'",
)
COMPETENCE_EVIDENCE = (RECORDS, DECIDED_SIGN_OFFS)
