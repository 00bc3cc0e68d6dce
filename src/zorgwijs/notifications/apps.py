from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "zorgwijs.notifications"
    verbose_name = _("Volgen en meldingen")

    def ready(self) -> None:
        from zorgwijs.core.scheduled import register_scheduled

        from .digests import DAILY

        register_scheduled(DAILY)
        from zorgwijs.competences.signals import competence_event
        from zorgwijs.incidents.signals import incident_event
        from zorgwijs.knowledge.signals import knowledge_event
        from zorgwijs.networks.signals import network_event

        from .events import on_event, on_personal_event

        knowledge_event.connect(on_event, dispatch_uid="notifications.knowledge")
        incident_event.connect(on_event, dispatch_uid="notifications.incidents")
        competence_event.connect(on_personal_event, dispatch_uid="notifications.competences")
        network_event.connect(on_personal_event, dispatch_uid="notifications.networks")
