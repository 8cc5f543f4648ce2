from typing import Any

from django.db import models

from core.access import Person
from core.models import Event


def record_event(subject: models.Model, kind: str, /, *, actor: Person | None = None, **data: Any) -> Event:
    """Append an event for a state change; call inside the transaction that makes the change."""
    return Event.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        kind=kind,
        data=data,
    )


def events_for(subject: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
