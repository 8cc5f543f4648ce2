"""Background work of disputes: tasks take ids (or nothing), re-fetch, and are idempotent."""

from django_tasks import task


@task()
def send_deadline_reminders() -> dict[str, int]:
    """Remind participants of upcoming deadlines once each, and mark past ones as lapsed."""
    from disputes.services.timetable import send_reminders

    return send_reminders()
