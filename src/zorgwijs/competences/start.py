"""The competence panels of the start page: my status in one sentence, and my tasks."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from zorgwijs.core.start import StartPanel
from zorgwijs.organisations.access import OrgAccess

from .selectors import passport_rows, passport_summary
from .sign_off import sign_off_inbox


def passport_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("competences.view_own"):
        return None
    rows = passport_rows(membership=access.membership, on=timezone.localdate())
    summary = passport_summary(rows)
    if not summary["required"]:
        return None
    return StartPanel("competences/start_passport.html", {"summary": summary}, order=10)


def tasks_panel(request: HttpRequest, access: OrgAccess) -> StartPanel | None:
    if not access.can("competences.sign_off"):
        return None
    count = sign_off_inbox(access).count()
    return StartPanel("competences/start_tasks.html", {"sign_off_count": count}, order=20)
