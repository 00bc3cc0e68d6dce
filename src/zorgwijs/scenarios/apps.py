from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "zorgwijs.scenarios"
    verbose_name = _("Trainingsscenario's")

    def ready(self) -> None:
        from zorgwijs.core.navigation import EVERYONE, NavItem, register_nav

        from .search_index import register

        register()
        from zorgwijs.knowledge.sections import SpaceSection, register_space_section

        from .starter_kits import space_section

        register_space_section(SpaceSection("scenarios/_space_starter_kit.html", space_section))
        register_nav(NavItem(_("Scenario's"), "scenarios:index", "", 62, "vindplaats", EVERYONE))
        register_nav(
            NavItem(
                _("Nieuw scenario"), "scenarios_org:create", "scenarios.create", 68, "vindplaats"
            )
        )
