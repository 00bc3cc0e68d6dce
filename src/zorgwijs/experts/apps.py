from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "zorgwijs.experts"
    verbose_name = _("Mensen en experts")

    def ready(self) -> None:
        from zorgwijs.core.navigation import SIGNED_IN, NavItem, register_nav

        for label, url_name, order in (
            (_("Mensen"), "experts:index", 62),
            (_("Contactverzoeken"), "experts:requests", 68),
        ):
            register_nav(NavItem(label, url_name, "", order, "vindplaats", SIGNED_IN))
