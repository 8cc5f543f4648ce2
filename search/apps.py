from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The registry's and the marketplace's search, kept fresh by one hook (freshness.py)."""

    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from search import freshness

        freshness.connect()
