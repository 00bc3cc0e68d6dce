from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitorConfig(AppConfig):
    name = "zorgwijs.monitor"
    verbose_name = _("HR-monitor")

    def ready(self) -> None:
        from zorgwijs.core.scheduled import register_scheduled

        from .tasks import DAILY

        register_scheduled(DAILY)
        from zorgwijs.core.navigation import NavItem, register_nav

        register_nav(NavItem(_("HR-monitor"), "monitor:index", "monitor.view", 72))
