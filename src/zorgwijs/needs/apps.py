from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "zorgwijs.needs"
    verbose_name = _("Kennisbehoeften")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_org_nav
        from zorgwijs.search.signals import search_found_nothing

        from .unanswered import unanswered_search_count

        search_found_nothing.connect(unanswered_search_count, dispatch_uid="needs.unanswered")
        register_org_nav(NavItem(_("Kennisbehoeften"), "needs_org:org_list", "projects.create", 62))
