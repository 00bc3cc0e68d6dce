from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "zorgwijs.organisations"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        from zorgwijs.core.navigation import (
            NavItem,
            NavSection,
            register_org_nav,
            register_org_section,
        )

        register_org_section(NavSection("organisation", _("Organisatie"), 90))
        for label, url_name, capability, order in (
            (_("Overzicht"), "organisations:dashboard", "organisation.view", 0),
            (_("Medewerkers"), "organisations:people", "people.view", 80),
            (_("Beheer"), "organisations:admin_home", "people.manage", 90),
            (_("HR-import"), "organisations:hr_import", "hr.import", 92),
            (_("Auditlog"), "organisations:audit:log", "audit.view", 95),
        ):
            register_org_nav(NavItem(label, url_name, capability, order, section="organisation"))
