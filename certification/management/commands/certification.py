"""`ipharbour certification …`: expiry reminders, verifying a credential file, rotating a certifier's key."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import DomainError
from core.json_input import parse_json


class Command(BaseCommand):
    help = _("Certification: reminders, verify, rotate-key.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        reminders = actions.add_parser("reminders", help=_("Send the expiry reminders that are due."))
        reminders.add_argument(
            "--queue", action="store_true", help=_("Queue the task instead of running it here.")
        )
        verify = actions.add_parser(
            "verify", help=_("Verify a credential (JSON file, '-' for standard input).")
        )
        verify.add_argument("file")
        rotate = actions.add_parser(
            "rotate-key", help=_("Retire a certifier's signing key and make a new one.")
        )
        rotate.add_argument("certifier", help=_("The certifier's short name (slug)."))
        rotate.add_argument("--by", required=True, help=_("E-mail of an administrator of the certifier."))

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "handle_" + action.replace("-", "_"))(**options)
        except DomainError as error:
            raise CommandError(error.detail) from error

    def handle_reminders(self, *, queue: bool, **options):
        from certification import services, tasks

        if queue:
            result = tasks.send_expiry_reminders.enqueue()
            self.stdout.write(_("Queued: %(id)s") % {"id": result.id})
            return
        sent = services.send_expiry_reminders()
        self.stdout.write(_("%(n)d reminders sent.") % {"n": sent})

    def handle_verify(self, *, file: str, **options):
        from certification.verification import verify_document

        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        try:
            document = parse_json(text)
        except ValueError as error:
            raise CommandError(_("Not JSON: %(error)s") % {"error": error}) from error
        report = verify_document(document)
        for check in report.checks:
            mark = {True: "✓", False: "✗", None: "?"}[check.ok]
            self.stdout.write(f"{mark} {check.message}")
        self.stdout.write(report.status.upper())
        if not report.ok:
            raise CommandError(_("The credential is not valid: %(status)s") % {"status": report.status})

    def handle_rotate_key(self, *, certifier: str, by: str, **options):
        from certification.services import rotate_key

        organisation = Organisation.objects.filter(slug=certifier, kind=Organisation.Kind.CERTIFIER).first()
        user = User.objects.filter(email__iexact=by).first()
        if organisation is None or user is None:
            raise CommandError(_("Unknown certifier or person."))
        key = rotate_key(certifier=organisation, by=user)
        self.stdout.write(_("New key %(key)s") % {"key": key.key_id})
