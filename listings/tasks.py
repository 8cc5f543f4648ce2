"""Background work of the marketplace; tasks take ids, re-fetch, and are safe to run twice."""

from django_tasks import task

from core.recovery import idempotent


@task()
@idempotent
def alert_subscribers(listing_id: int) -> int:
    """Notify the subscribers a newly published listing interests; e-mail the immediate ones at once."""
    from listings.alerts import alert_new_listing, send_digests
    from listings.models import Listing, Subscription

    listing = Listing.objects.filter(pk=listing_id).select_related("organisation").first()
    if listing is None:
        return 0
    created = alert_new_listing(listing)
    immediate = Subscription.objects.filter(
        pk__in=[n.subscription_id for n in created], frequency=Subscription.Frequency.IMMEDIATE
    )
    for subscription_id in immediate.order_by("pk").values_list("pk", flat=True):
        send_digests(subscription_id=subscription_id)
    return len(created)


@task()
@idempotent
def alert_certified_asset(asset_id: int) -> int:
    """For the certification app, queued on commit when an attestation is signed."""
    from assets.models import Asset
    from listings.alerts import alert_certified_asset as alert

    asset = Asset.objects.filter(pk=asset_id).first()
    return len(alert(asset)) if asset is not None else 0


@task()
@idempotent
def rank_listings(listing_ids: list[int]) -> int:
    """Bring the search engine's documents of these listings up to date (idempotent: unchanged ones are
    skipped)."""
    from listings.relevance import refresh

    return refresh(listing_ids)
