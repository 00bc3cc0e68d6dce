"""The core app's one table: claims of submissions, so a double submit creates one object.

See ``lib/idempotency.py`` for the mechanism and docs/api.md ("Double submits") for why.
"""

from __future__ import annotations

from django.db import models


class SubmissionClaim(models.Model):
    """One creating request that went through: a form's one-time token or an API
    ``Idempotency-Key``, claimed by inserting this row (the unique ``digest`` makes the database
    refuse the second claim, across workers and machines), with the answer to give a replay.

    No person, session or object is stored in the clear: ``digest`` is a hash of the caller's
    id, the path and the key, and the key only ever lived in the caller's form or client. So the
    row of an anonymous incident report cannot be traced back to its reporter.
    """

    digest = models.CharField(max_length=64, unique=True)
    fingerprint = models.CharField(max_length=64)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.digest[:12]} {self.created_at:%Y-%m-%d}"
