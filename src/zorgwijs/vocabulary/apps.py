from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VocabularyConfig(AppConfig):
    name = "zorgwijs.vocabulary"
    verbose_name = _("Begrippenkader")

    def ready(self) -> None:
        from zorgwijs.core.navigation import EVERYONE, NavItem, register_nav

        from .search_index import register

        register()
        register_nav(NavItem(_("Begrippen"), "vocabulary:index", "", 63, "vindplaats", EVERYONE))
