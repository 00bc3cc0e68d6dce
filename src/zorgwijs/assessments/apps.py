from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "zorgwijs.assessments"
    verbose_name = _("Toetsen")

    def ready(self) -> None:
        from zorgwijs.core.navigation import NavItem, register_nav

        for label, url_name, capability, order in (
            (_("Mijn toetsen"), "assessments:mine", "assessments.take", 12),
            (_("Praktijktoetsen"), "assessments:assess_index", "assessments.assess", 36),
            (_("Toetsbeheer"), "assessments:manage", "assessments.author", 46),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="passport"))
