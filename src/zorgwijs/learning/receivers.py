"""A qualification saved in the passport completes the route steps it proves.

Listening to the record's own save (the passport's service writes every record through it)
keeps the competences app unaware of routes, and catches every source: an assessor's
sign-off, the qualification import, a test result.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from zorgwijs.competences.models import CompetenceRecord


@receiver(post_save, sender=CompetenceRecord, dispatch_uid="learning.passport_evidence")
def _record_saved(sender, instance: CompetenceRecord, created: bool, **kwargs) -> None:
    if created:
        from .services.routes import passport_evidence

        passport_evidence(instance)
