"""Background revaluation: tasks take ids, re-fetch, and are idempotent (see services.revalue)."""

from django.db import transaction
from django_tasks import task

from valuation.models import Valuation


@task()
def revalue_valuation(valuation_id: int, trigger: str) -> str | None:
    from valuation.services import revalue

    run = revalue(valuation_id=valuation_id, trigger=trigger)
    return str(run.point) if run else None


def queue_revaluation(valuation: Valuation, *, trigger: str) -> None:
    """Queue a revaluation once the current transaction commits (never for a change that rolled back)."""
    valuation_id = valuation.pk
    transaction.on_commit(lambda: revalue_valuation.enqueue(valuation_id, trigger))
