from django.core.management.base import BaseCommand

from financing.services.default import apply_default_rule


class Command(BaseCommand):
    help = "Put in default every disbursed loan at least its programme's days past due (run daily)."

    def handle(self, *args, **options):
        defaulted = apply_default_rule()
        self.stdout.write(
            f"{len(defaulted)} loan(s) put in default" + (f": {defaulted}" if defaulted else "")
        )
