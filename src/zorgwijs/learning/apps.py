from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "zorgwijs.learning"
    verbose_name = _("Leerroutes")

    def ready(self) -> None:
        from zorgwijs.competences.credentials.importing import register_credit
        from zorgwijs.competences.next_steps import register_next_step
        from zorgwijs.core.navigation import NavItem, NavSection, register_nav, register_nav_section
        from zorgwijs.core.start import register_start_panel

        from . import receivers  # noqa: F401 - passport evidence completes route steps
        from .next_steps import route_step
        from .prior_credit import route_outcome_credit
        from .search_index import register
        from .start import learning_panel

        register()
        register_next_step(route_step, order=4)
        register_credit(route_outcome_credit)  # a route taken over: its outcomes as prior learning
        register_start_panel(learning_panel)
        register_nav_section(NavSection("learning", _("Leren"), 15))
        for label, url_name, capability, order in (
            (_("Mijn leerroute"), "learning:my_route", "learning.view_own", 10),
            (_("Mijn lerenden"), "learning:guide", "learning.guide", 20),
            (_("Leerroutes"), "learning:index", "learning.progress", 30),
            (_("Blauwdrukken"), "learning:blueprints", "learning.manage", 40),
            (_("Leerbelasting"), "learning:load", "learning.manage", 45),
            (_("Opleidingen"), "learning:curricula", "learning.manage", 50),
            (_("EVC beoordelen"), "learning:prior_inbox", "learning.assess_prior", 60),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="learning"))
