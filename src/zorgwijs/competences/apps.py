from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "zorgwijs.competences"
    verbose_name = _("Bekwaamheden")

    def ready(self) -> None:
        from zorgwijs.core.scheduled import register_scheduled

        from .reminders import DAILY

        register_scheduled(DAILY)
        from zorgwijs.core.start import register_start_panel

        from . import receivers  # noqa: F401 - connects the HR-change receiver
        from .next_steps import register_defaults
        from .start import passport_panel, tasks_panel, team_panel

        register_start_panel(passport_panel)
        register_start_panel(tasks_panel)
        register_start_panel(team_panel)
        register_defaults()
        from zorgwijs.core.navigation import (
            NavItem,
            NavSection,
            register_nav,
            register_nav_section,
        )

        register_nav_section(NavSection("passport", _("Paspoort"), 10))
        for label, url_name, capability, order in (
            (_("Mijn paspoort"), "competences:my_passport", "competences.view_own", 10),
            (_("Herinneringen"), "competences:reminder_settings", "competences.view_own", 15),
            (_("Team"), "competences:team", "competences.view_team", 20),
            (_("Wie is bekwaam?"), "competences:who_is_competent", "competences.roster", 30),
            (_("Aftekenen"), "competences:sign_off_list", "competences.sign_off", 35),
            (_("Dashboard"), "competences:dashboard", "competences.dashboard", 40),
            (_("Catalogus"), "competences:catalogue", "competences.manage", 45),
            (_("Profielen"), "competences:profiles", "competences.manage", 46),
            (_("Import"), "competences:qualification_import", "competences.register", 48),
        ):
            register_nav(NavItem(label, url_name, capability, order, section="passport"))
