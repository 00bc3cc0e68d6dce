from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "zorgwijs.search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        from zorgwijs.core.navigation import PLATFORM_ADMIN, NavItem, register_nav

        register_nav(
            NavItem(_("Woordenlijst"), "glossary:list", "", 97, "platform", PLATFORM_ADMIN)
        )
