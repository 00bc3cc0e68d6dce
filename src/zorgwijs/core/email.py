"""E-mail to people, in their own language, sent by a background worker.

``email_send(to_user=…, template="welcome", context={…})`` enqueues the ``send_email`` task.
The worker renders ``email/<template>.subject.txt``, ``email/<template>.txt`` and (if present)
``email/<template>.html`` with the recipient's ``language`` active, and sends one multipart
message. ``context`` travels through the task queue, so it must be JSON: pass ids and strings,
not model instances.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def email_render(*, to_user, template: str, context: dict) -> EmailMultiAlternatives:
    """The message for ``to_user``, rendered in ``to_user.language``."""
    return _render(
        address=to_user.email,
        language=to_user.language,
        template=template,
        context={"user": to_user, **context},
    )


def email_render_to_address(
    *, address: str, language: str, template: str, context: dict
) -> EmailMultiAlternatives:
    """The message for someone without an account (an applicant), in ``language``."""
    return _render(address=address, language=language, template=template, context=context)


def _render(*, address: str, language: str, template: str, context: dict):
    language = language or settings.LANGUAGE_CODE
    full_context = {"site_url": settings.SITE_URL, **context}
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
        to=[address],
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

    kwargs = {"user_id": to_user.pk, "template": template, "data": context or {}}
    if isinstance(send_email.get_backend(), DatabaseBackend):
        send_email.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: send_email.enqueue(**kwargs))


def email_send_to_address(
    *, address: str, language: str, template: str, context: dict | None = None
) -> None:
    """Like ``email_send``, for an address without an account (the person applying for their
    organisation); ``language`` is the one they used on the site."""
    from django_tasks_db import DatabaseBackend

    from .tasks import send_email_to_address

    kwargs: dict[str, Any] = {
        "address": address,
        "language": language,
        "template": template,
        "data": context or {},
    }
    if isinstance(send_email_to_address.get_backend(), DatabaseBackend):
        send_email_to_address.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: send_email_to_address.enqueue(**kwargs))
