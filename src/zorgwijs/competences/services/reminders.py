"""Saving when reminders go out: a person's own preference and the organisation's default."""

from __future__ import annotations

from django.db import transaction

from zorgwijs.audit.context import AuditContext
from zorgwijs.audit.services import record as audit

from ..models import ReminderPreference, ReminderSettings


@transaction.atomic
def reminder_preference_save(
    preference: ReminderPreference,
    *,
    offsets: list[int],
    reminders_enabled: bool,
    digest_enabled: bool | None,
    context: AuditContext,
) -> ReminderPreference:
    """The person's own choice; ``digest_enabled`` is None for someone who is no manager (the
    weekly overview is not theirs to switch)."""
    preference.offsets = offsets
    preference.reminders_enabled = reminders_enabled
    if digest_enabled is not None:
        preference.digest_enabled = digest_enabled
    preference.save()
    audit(
        "competences.reminders.preferences_changed",
        kind="change",
        context=context,
        organisation=preference.organisation,
        subject=preference.membership.user,
        obj=preference,
        data={
            "offsets": preference.offsets,
            "reminders": preference.reminders_enabled,
            "digest": preference.digest_enabled,
        },
    )
    return preference


@transaction.atomic
def reminder_settings_save(
    settings_row: ReminderSettings,
    *,
    offsets: list[int],
    digest_weekday: int,
    context: AuditContext,
) -> ReminderSettings:
    settings_row.offsets = offsets
    settings_row.digest_weekday = digest_weekday
    settings_row.save()
    audit(
        "competences.reminders.settings_changed",
        kind="change",
        context=context,
        organisation=settings_row.organisation,
        obj=settings_row,
        data={"offsets": settings_row.offsets, "digest_weekday": settings_row.digest_weekday},
    )
    return settings_row
