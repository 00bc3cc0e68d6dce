from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "zorgwijs.organisations"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        from zorgwijs.core.navigation import (
            PLATFORM_ADMIN,
            NavItem,
            NavSection,
            register_nav,
            register_nav_section,
        )
        from zorgwijs.core.start import register_personal_panel, register_start_panel

        from .start import admin_panel, platform_panel

        register_start_panel(admin_panel)
        register_personal_panel(platform_panel)
        register_nav_section(NavSection("organisation", _("Organisatie"), 90))
        for label, url_name, capability, order in (
            (_("Overzicht"), "organisations:dashboard", "organisation.view", 0),
            (_("Medewerkers"), "organisations:people", "people.view", 80),
            (_("Beheer"), "organisations:admin_home", "people.manage", 90),
            (_("HR-import"), "organisations:hr_import", "hr.import", 92),
            (_("Auditlog"), "organisations:audit:log", "audit.view", 95),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="organisation"))
        register_nav_section(NavSection("platform", _("Platform"), 95))
        for label, url_name, order in (
            (_("Aanmeldingen"), "platform:applications", 95),
            (_("Netwerken"), "platform:networks", 96),
        ):
            register_nav(NavItem(label, url_name, "", order, "platform", PLATFORM_ADMIN))
