from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Disputes housekeeping: `reminders` sends the deadline reminders due today (idempotent per day)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["reminders"])
        parser.add_argument("--queue", action="store_true", help="Queue the task instead of running it here.")

    def handle(self, *args, action, queue=False, **options):
        if queue:
            from disputes.tasks import send_deadline_reminders

            send_deadline_reminders.enqueue()
            self.stdout.write("Queued.")
            return
        from disputes.services.timetable import send_reminders

        done = send_reminders()
        self.stdout.write(f"Reminded {done['reminded']} deadline(s); {done['lapsed']} lapsed.")
