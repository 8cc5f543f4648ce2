from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from assets.search import RANKING
        from matching.freshness import asset_backlog
        from matching.registry_search import ranked_ids

        RANKING.rank, RANKING.backlog = ranked_ids, asset_backlog
