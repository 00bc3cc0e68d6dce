"""Background tasks of the core app (django-tasks; run them with ``manage.py db_worker``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def send_email(*, user_id: int, template: str, context: dict) -> int:
    """Render ``template`` in the recipient's language and send it; returns how many messages
    were sent (0 for a person who no longer exists or was deactivated)."""
    from .email import email_render

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    return email_render(to_user=user, template=template, context=context).send()


@task()
def send_email_to_address(*, address: str, language: str, template: str, context: dict) -> int:
    """Render ``template`` in ``language`` and send it to ``address`` (no account behind it)."""
    from .email import email_render_to_address

    message = email_render_to_address(
        address=address, language=language, template=template, context=context
    )
    return message.send()
