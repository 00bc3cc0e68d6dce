from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "zorgwijs.scenarios"
    verbose_name = _("Trainingsscenario's")

    def ready(self) -> None:
        from zorgwijs.core.navigation import EVERYONE, NavItem, register_nav

        from .search_index import register

        register()
        register_nav(NavItem(_("Scenario's"), "scenarios:index", "", 62, "vindplaats", EVERYONE))
        register_nav(
            NavItem(
                _("Nieuw scenario"), "scenarios_org:create", "scenarios.create", 68, "vindplaats"
            )
        )
