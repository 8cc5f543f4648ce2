from typing import Any

from django.db import models

from core.models import Event


def record_event(subject: models.Model, kind: str, /, *, actor: Any = None, **data: Any) -> Event:
    """Append an event for a state change; call inside the transaction that makes the change."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Event.objects.create(
        actor=user,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        kind=kind,
        data=data,
    )


def events_for(subject: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
