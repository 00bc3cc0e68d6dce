from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zorgwijs.core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .landing import public_events_panel
        from .receivers import remember_first_organisation
        from .start import register_personal_panel

        user_logged_in.connect(remember_first_organisation, dispatch_uid="core.nav_org")
        register_personal_panel(public_events_panel)
