"""Background revaluation: tasks take ids, re-fetch, and are idempotent (see services.revalue)."""

from django.db import transaction
from django_tasks import task

from core.errors import DomainError
from core.events import record_event
from core.recovery import idempotent
from valuation.models import Valuation


@task()
@idempotent
def revalue_valuation(valuation_id: int, trigger: str) -> str | None:
    from valuation.services import revalue

    run = revalue(valuation_id=valuation_id, trigger=trigger)
    return str(run.point) if run else None


def queue_revaluation(valuation: Valuation, *, trigger: str) -> None:
    """Queue a revaluation once the current transaction commits (never for a change that rolled back)."""
    valuation_id = valuation.pk
    transaction.on_commit(lambda: revalue_valuation.enqueue(valuation_id, trigger))


@task()
@idempotent
def revalue_asset_valuations(asset_id: int, trigger: str) -> int:
    """Revalue every draft valuation of an asset, e.g. after its registry record (expiry, status) changed."""
    from valuation.services import revalue

    drafts = Valuation.objects.filter(asset_id=asset_id, status=Valuation.Status.DRAFT).values_list(
        "pk", flat=True
    )
    done = 0
    for pk in drafts:
        # One draft whose inputs no longer run (say the registry lost its expiry date) must not stop the
        # others; its failure is kept as an event for the valuer to see.
        try:
            done += revalue(valuation_id=pk, trigger=trigger) is not None
        except DomainError as error:
            failed = Valuation.objects.get(pk=pk)
            record_event(failed, "valuation.revaluation_failed", trigger=trigger, error=error.detail)
    return done


def queue_asset_revaluation(asset_id: int) -> None:
    """Subscribed to the registry's VALUE_FACTS_CHANGED: runs inside the transaction that changed an asset."""
    transaction.on_commit(lambda: revalue_asset_valuations.enqueue(asset_id, "registry_changed"))
