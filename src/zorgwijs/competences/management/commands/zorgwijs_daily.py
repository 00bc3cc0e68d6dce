"""``manage.py zorgwijs_daily``: the scheduled job of this name (core/scheduled.py).

Cron runs it with the other jobs of its rhythm through ``zorgwijs_scheduled`` (docs/deploy.md).
"""

from zorgwijs.core.scheduled import ScheduledCommand


class Command(ScheduledCommand):
    job_name = "zorgwijs_daily"
