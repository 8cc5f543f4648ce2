"""`ipharbour deals reminders` reminds both sides of reports and payments falling due soon; `alerts` raises
alerts for late reports and payments; `digest` mails the members their
unread deal-room notices in their language. Run both from cron (e.g. daily and hourly)."""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Deal-room upkeep: reminders before due dates, late-obligation alerts and e-mail digests."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("reminders", help="remind both sides of every report or payment falling due soon")
        sub.add_parser("alerts", help="alert both sides of every overdue report or claimed milestone")
        sub.add_parser("digest", help="e-mail each member the deal-room notices they have not read")

    def handle(self, *args, **options):
        if options["action"] == "reminders":
            from deals.services.obligations import due_reminders

            self.stdout.write(f"Sent {due_reminders()} reminder(s).")
        elif options["action"] == "alerts":
            from deals.services.obligations import late_alerts

            self.stdout.write(f"Raised {late_alerts()} late alert(s).")
        else:
            from deals.digest import send_digests

            self.stdout.write(f"Sent {send_digests()} digest e-mail(s).")
