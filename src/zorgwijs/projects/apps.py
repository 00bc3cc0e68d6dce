from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zorgwijs.projects"
    verbose_name = _("Vindplaats")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_org_nav

        from .search_index import register

        register()
        register_org_nav(NavItem(_("Projecten"), "projects_org:org_list", "projects.create", 60))
