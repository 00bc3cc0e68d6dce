from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "zorgwijs.assessments"
    verbose_name = _("Toetsen")

    def ready(self) -> None:
        from zorgwijs.competences.next_steps import register_next_step
        from zorgwijs.core.navigation import NavItem, register_nav

        from .next_steps import test_step

        register_next_step(test_step, order=5)

        for label, url_name, capability, order in (
            (_("Mijn toetsen"), "assessments:mine", "assessments.take", 12),
            (_("Praktijktoetsen"), "assessments:assess_index", "assessments.assess", 36),
            (_("Toetsbeheer"), "assessments:manage", "assessments.author", 46),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="passport"))
