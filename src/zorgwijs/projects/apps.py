from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zorgwijs.projects"
    verbose_name = _("Vindplaats")

    def ready(self) -> None:
        from zorgwijs.core.navigation import (
            EVERYONE,
            PLATFORM_ADMIN,
            NavItem,
            NavSection,
            register_nav,
            register_nav_section,
        )
        from zorgwijs.core.start import register_personal_panel

        from .search_index import register
        from .start import recent_projects_panel

        register()
        register_personal_panel(recent_projects_panel)
        register_nav_section(NavSection("vindplaats", _("Vindplaats"), 60))
        for label, url_name, order in (
            (_("Projecten"), "projects:index", 60),
            (_("Vergelijkbare projecten"), "projects:comparable", 61),
        ):
            register_nav(NavItem(label, url_name, "", order, "vindplaats", EVERYONE))
        register_nav(
            NavItem(
                _("Onze projecten"), "projects_org:org_list", "projects.create", 66, "vindplaats"
            )
        )
        register_nav(
            NavItem(
                _("Projecten importeren"),
                "projects_org:import",
                "projects.import",
                67,
                "vindplaats",
            )
        )
        register_nav(
            NavItem(
                _("Projecten importeren"), "projects:import", "", 97, "platform", PLATFORM_ADMIN
            )
        )
        register_nav(
            NavItem(
                _("Reacties beoordelen"), "projects:moderation", "", 98, "platform", PLATFORM_ADMIN
            )
        )
