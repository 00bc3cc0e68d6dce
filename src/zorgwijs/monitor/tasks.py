"""The monitor's scheduled work: publishing the quarters whose submission window has closed.

Reading the monitor (page, exports, API) never writes; a quarter becomes visible when this runs
(daily from cron: ``manage.py zorgwijs_monitor_publish``, or ``--enqueue`` for the task worker;
docs/deploy.md). Running it twice, or on two machines at once, publishes nothing twice: a
release is one row per network and quarter, and a quarter already published is only replaced
through ``releases_refresh``'s safety check.
"""

from __future__ import annotations

from django.db import IntegrityError
from django_scopes import scopes_disabled
from django_tasks import task

from zorgwijs.core.scheduled import ScheduledJob
from zorgwijs.organisations.models import Network

from .services import releases_publish_due


def releases_publish_all() -> int:
    """Publish what is due in every network with members; returns how many networks changed."""
    changed = 0
    with scopes_disabled():
        networks = list(Network.objects.filter(memberships__isnull=False).distinct())
    for network in networks:
        try:
            if releases_publish_due(network):
                changed += 1
        except IntegrityError:
            # Another run published the same quarter at the same moment; it is published.
            continue
    return changed


@task()
def monitor_publish() -> int:
    """The daily task (``manage.py zorgwijs_monitor_publish --enqueue`` queues it)."""
    return releases_publish_all()


DAILY = ScheduledJob(
    name="zorgwijs_monitor_publish",
    rhythm="daily",
    help=(
        "Dagelijks: publiceer de kwartalen van de HR-monitor waarvan de aanlevertermijn voorbij is."
    ),
    run=lambda on: f"Netwerken met nieuwe publicaties: {releases_publish_all()}",
    task=monitor_publish,
)
