from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "zorgwijs.experts"
    verbose_name = _("Mensen en experts")
