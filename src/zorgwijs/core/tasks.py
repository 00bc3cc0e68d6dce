"""Background tasks of the core app (django-tasks; run them with ``manage.py db_worker``).

Every e-mail is one task row, and that row is its outbox entry: the task locks its own row,
sends, and marks the row successful in the same transaction (``send_once``). A worker killed
before that commit leaves the row ``RUNNING``; the next worker that starts puts it back in the
queue (``core/management/commands/db_worker.py``), and whichever run gets the lock first sends
it, the others find it marked and send nothing. The one gap no database can close is a worker
killed between the SMTP server's "250 accepted" and the commit, a few hundred microseconds:
that mail goes out again with the same ``Message-ID`` (the task's id), so a duplicate can be
recognised downstream.

The first argument of a task that takes django-tasks' context must be called ``context``, so
the e-mail's own template context travels as ``data``.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, TaskResultStatus, task

# Tasks a worker may run again after another worker died while running them: running them twice
# sends nothing twice (mail: ``send_once``; the daily runs claim what they send, see
# docs/reminders.md and docs/notifications.md). Everything else stays as the dead worker left it.
RESUMABLE_TASKS = (
    "zorgwijs.core.tasks.send_email",
    "zorgwijs.core.tasks.send_email_to_address",
    "zorgwijs.competences.reminders.daily",
    "zorgwijs.notifications.digests.notifications_daily",
    "zorgwijs.networks.tasks.registration_email",
    "zorgwijs.monitor.tasks.monitor_publish",
)


def send_once(context: TaskContext, message: Callable[[], EmailMessage | None]) -> int:
    """Send ``message()`` unless this task's row says it was sent; mark it in one transaction."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    result_id = context.task_result.id
    if not isinstance(context.task_result.task.get_backend(), DatabaseBackend):
        built = message()
        return built.send() if built is not None else 0
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=result_id).first()
        if row is None or row.status == TaskResultStatus.SUCCESSFUL:
            return 0  # another run of this task sent it
        built = message()
        sent = 0
        if built is not None:
            host = urlparse(settings.SITE_URL).hostname or "zorgwijs"
            built.extra_headers["Message-ID"] = f"<{result_id}@{host}>"
            sent = built.send()
        DBTaskResult.objects.filter(pk=result_id).update(
            status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now(), return_value=sent
        )
    return sent


@task(takes_context=True)
def send_email(context: TaskContext, *, user_id: int, template: str, data: dict) -> int:
    """Render ``template`` in the recipient's language and send it; returns how many messages
    were sent (0 for a person who no longer exists or was deactivated)."""
    from .email import email_render

    def message() -> EmailMessage | None:
        user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
        if user is None:
            return None
        return email_render(to_user=user, template=template, context=data)

    return send_once(context, message)


@task(takes_context=True)
def send_email_to_address(
    context: TaskContext, *, address: str, language: str, template: str, data: dict
) -> int:
    """Render ``template`` in ``language`` and send it to ``address`` (no account behind it)."""
    from .email import email_render_to_address

    return send_once(
        context,
        lambda: email_render_to_address(
            address=address, language=language, template=template, context=data
        ),
    )
