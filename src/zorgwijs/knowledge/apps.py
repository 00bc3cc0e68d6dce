from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "zorgwijs.knowledge"
    verbose_name = _("Kennisruimtes")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_org_nav

        register_org_nav(NavItem(_("Kennis"), "knowledge_org:spaces", "knowledge.view", 50))
