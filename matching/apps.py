from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from assets.search import RANKING
        from assets.services import ASSETS_WRITTEN
        from matching.freshness import asset_backlog
        from matching.registry_search import engine_facets, engine_newest, ranked_ids
        from matching.services import schedule_index

        RANKING.rank, RANKING.backlog, RANKING.count = ranked_ids, asset_backlog, engine_facets
        RANKING.newest = engine_newest
        # Assets registered, edited or imported go into the indexes once their transaction commits.
        ASSETS_WRITTEN.subscribe(schedule_index)
        # An index written by another version is rebuilt at start (./run and every worker run `recover`).
        from core.recovery import RECOVERING
        from matching.indexing import fill_registry_columns, rebuild_outdated_index

        RECOVERING.subscribe(rebuild_outdated_index)
        # Asset rows written without the registry columns are filled (the PostgreSQL backend counts them).
        RECOVERING.subscribe(fill_registry_columns)
