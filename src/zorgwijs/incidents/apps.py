from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "zorgwijs.incidents"
    verbose_name = _("Incidentmeldingen")

    def ready(self) -> None:
        from zorgwijs.core.navigation import (
            NavItem,
            NavSection,
            register_nav,
            register_nav_section,
        )
        from zorgwijs.core.start import register_start_panel
        from zorgwijs.knowledge.sections import SpaceSection, register_space_section

        from .search_index import register as register_search
        from .selectors import lessons_in_space

        register_search()
        from .start import incidents_panel

        register_start_panel(incidents_panel)
        register_space_section(SpaceSection("incidents/space_lessons.html", lessons_in_space))
        register_nav_section(NavSection("incidents", _("Incidenten"), 50))
        for label, url_name, capability, order in (
            (_("Incident melden"), "incidents:mine", "incidents.report", 50),
            (_("Triage"), "incidents:list", "incidents.triage", 52),
            (_("Lessen"), "incidents:lessons", "incidents.lessons", 54),
            (_("Trends"), "incidents:trends", "incidents.trends", 56),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="incidents"))
