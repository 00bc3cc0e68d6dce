import atexit

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zorgwijs.core"
    verbose_name = _("Kern")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created

        from .data_cache import announce_all, watch_all_connections, watch_writes
        from .landing import public_events_panel
        from .receivers import remember_first_organisation
        from .start import register_personal_panel

        user_logged_in.connect(remember_first_organisation, dispatch_uid="core.nav_org")
        register_personal_panel(public_events_panel)
        # Every write to the data a start page or passport shows makes a new generation of
        # their cached parts (core/data_cache.py).
        connection_created.connect(watch_writes, dispatch_uid="core.watch_writes")
        request_finished.connect(announce_all, dispatch_uid="core.announce_writes")
        atexit.register(announce_all)
        watch_all_connections()
