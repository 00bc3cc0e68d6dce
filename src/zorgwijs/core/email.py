"""E-mail to people, in their own language, sent by a background worker.

``email_send(to_user=…, template="welcome", context={…})`` enqueues the ``send_email`` task.
The worker renders ``email/<template>.subject.txt``, ``email/<template>.txt`` and (if present)
``email/<template>.html`` with the recipient's ``language`` active, and sends one multipart
message. ``context`` travels through the task queue, so it must be JSON: pass ids and strings,
not model instances.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def email_render(*, to_user, template: str, context: dict) -> EmailMultiAlternatives:
    """The message for ``to_user``, rendered in ``to_user.language``."""
    language = to_user.language or settings.LANGUAGE_CODE
    full_context = {"user": to_user, "site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_to_string(f"email/{template}.subject.txt", full_context)
        text = render_to_string(f"email/{template}.txt", full_context)
        try:
            html = render_to_string(f"email/{template}.html", full_context)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # one line, whatever the template's whitespace
        body=text,
        to=[to_user.email],
        headers={"Content-Language": language},
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    return message


def email_send(*, to_user, template: str, context: dict | None = None) -> None:
    """Send ``template`` to ``to_user`` in the background.

    With the database task backend the task row is written in the caller's transaction: if the
    caller's change rolls back, no e-mail goes out, and once it commits the e-mail cannot get
    lost. Other backends (which might run the task at once) enqueue after the commit.
    """
    from django_tasks_db import DatabaseBackend

    from .tasks import send_email

    kwargs = {"user_id": to_user.pk, "template": template, "context": context or {}}
    if isinstance(send_email.get_backend(), DatabaseBackend):
        send_email.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))
