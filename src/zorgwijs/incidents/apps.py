from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "zorgwijs.incidents"
    verbose_name = _("Incidentmeldingen")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_org_nav
        from zorgwijs.core.start import register_start_panel

        from .start import incidents_panel

        register_start_panel(incidents_panel)
        register_org_nav(NavItem(_("Incident melden"), "incidents:mine", "incidents.report", 50))
        register_org_nav(NavItem(_("Incidenten"), "incidents:list", "incidents.triage", 52))
        register_org_nav(NavItem(_("Lessen"), "incidents:lessons", "incidents.lessons", 54))
        register_org_nav(NavItem(_("Incidenttrends"), "incidents:trends", "incidents.trends", 56))
