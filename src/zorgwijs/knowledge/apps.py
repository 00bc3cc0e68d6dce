from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "zorgwijs.knowledge"
    verbose_name = _("Kennisruimtes")

    def ready(self) -> None:
        from zorgwijs.core.scheduled import register_scheduled

        from .reminders import DAILY

        register_scheduled(DAILY)
        from zorgwijs.core.navigation import NavItem, register_nav
        from zorgwijs.core.start import register_start_panel

        from .search_index import register as register_search
        from .start import knowledge_panel

        register_search()

        register_start_panel(knowledge_panel)

        register_nav(NavItem(_("Kennis"), "knowledge_org:spaces", "knowledge.view", 30))
