from django.core.management.base import BaseCommand

from demo.base import DEMO_PASSWORD, load_demo
from demo.base import logins as demo_logins


class Command(BaseCommand):
    help = "Load the platform's own demo organisations, people and assets (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, logins=False, **options):
        if not logins:
            counts = load_demo()
            self.stdout.write(
                f"Demo data: {counts['organisations']} organisations, {counts['people']} people, "
                f"{counts['assets']} assets."
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        people = demo_logins()
        width = max((len(email) for email, _display, _staff in people), default=0) + 1
        for email, display, staff in people:
            self.stdout.write(f"  {email:<{width}} {display}{' — operator back office' if staff else ''}")
