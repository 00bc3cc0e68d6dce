from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search has no screens of its own in the navigation: its synonyms are the concepts of the
    shared vocabulary (the vocabulary app), which registers its own navigation item."""

    name = "zorgwijs.search"
    verbose_name = _("Zoeken")

    def ready(self) -> None:
        from zorgwijs.core.data_cache import read_along

        from .selectors import INDEX_GENERATION_KEY

        # Project and knowledge pages ask for it (comparable projects, whom to approach).
        read_along(INDEX_GENERATION_KEY)
