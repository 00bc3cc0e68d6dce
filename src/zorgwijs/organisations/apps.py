from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "zorgwijs.organisations"
    verbose_name = _("Organisaties")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_org_nav

        register_org_nav(NavItem(_("Overzicht"), "organisations:dashboard", "organisation.view", 0))
        register_org_nav(NavItem(_("Medewerkers"), "organisations:people", "people.view", 80))
        register_org_nav(NavItem(_("Beheer"), "organisations:admin_home", "people.manage", 90))
        register_org_nav(NavItem(_("HR-import"), "organisations:hr_import", "hr.import", 92))
        register_org_nav(NavItem(_("Auditlog"), "organisations:audit:log", "audit.view", 95))
