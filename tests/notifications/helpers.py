from __future__ import annotations

from zorgwijs.notifications.models import Notification


def notes_of(user):
    return list(Notification.objects.filter(recipient=user))
