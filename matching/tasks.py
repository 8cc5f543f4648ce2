"""Background work of the matching engine: bring the indexes up to date after assets change."""

from django_tasks import task

from core.recovery import idempotent


@task()
@idempotent
def refresh_asset_index(asset_ids: list[int]) -> int:
    """Re-embed and re-index the given assets (idempotent: unchanged ones are skipped)."""
    from matching.indexing import index_assets

    return index_assets(asset_ids)
