from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search has no screens of its own in the navigation: its synonyms are the concepts of the
    shared vocabulary (the vocabulary app), which registers its own navigation item."""

    name = "zorgwijs.search"
    verbose_name = _("Zoeken")
