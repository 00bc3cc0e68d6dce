from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NeedsConfig(AppConfig):
    name = "zorgwijs.needs"
    verbose_name = _("Kennisbehoeften")

    def ready(self) -> None:
        from zorgwijs.core.navigation import EVERYONE, NavItem, register_nav
        from zorgwijs.search.signals import search_found_nothing

        from .unanswered import unanswered_search_count

        search_found_nothing.connect(unanswered_search_count, dispatch_uid="needs.unanswered")
        for label, url_name, order in (
            (_("Kennisbehoeften"), "needs:index", 63),
            (_("Kenniskaart"), "needs:map", 64),
        ):
            register_nav(NavItem(label, url_name, "", order, "vindplaats", EVERYONE))
        register_nav(
            NavItem(
                _("Onze kennisbehoeften"), "needs_org:org_list", "projects.create", 67, "vindplaats"
            )
        )
