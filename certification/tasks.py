"""Background work of certification: tasks take ids (or nothing), re-fetch, and are idempotent."""

from django_tasks import task

from core.recovery import idempotent


@task()
@idempotent
def send_expiry_reminders() -> int:
    """Send the expiry reminders that are due; each attestation's reminder goes once (see services)."""
    from certification.services import send_expiry_reminders as send

    return send()
