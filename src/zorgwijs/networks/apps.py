from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "zorgwijs.networks"
    verbose_name = _("Netwerken")

    def ready(self) -> None:
        from zorgwijs.core.scheduled import register_scheduled

        from .scheduled import HOURLY

        register_scheduled(HOURLY)
        from zorgwijs.core.navigation import EVERYONE, NavItem, register_nav

        from .search_index import register

        register_nav(NavItem(_("Netwerken"), "networks:index", "", 68, "vindplaats", EVERYONE))
        register()
