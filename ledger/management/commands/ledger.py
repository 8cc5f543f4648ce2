"""`ipharbour ledger …`: compute RFC 6962 roots, export and verify the log, sign heads, rotate keys."""

import binascii
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from ledger import exports, merkle, services, verify


class Command(BaseCommand):
    help = _("The transparency log: root, export, verify, sign, rotate-key, check.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        root = actions.add_parser(
            "root", help=_("Print the RFC 6962 tree hash of leaves given in hex ('' is an empty leaf).")
        )
        root.add_argument("leaves", nargs="*", metavar="HEX")
        export = actions.add_parser(
            "export", help=_("Write entries, signed heads and public keys as JSON lines.")
        )
        export.add_argument("file", help=_("Where to write ('-' for standard output)."))
        export.add_argument(
            "--no-sign", action="store_true", help=_("Do not sign a new head first when the log has grown.")
        )
        check_export = actions.add_parser("verify", help=_("Verify an export from the file alone."))
        check_export.add_argument("file")
        check_export.add_argument(
            "--trusted-key",
            action="append",
            default=[],
            metavar="KEY_ID",
            help=_("Accept only heads signed by these key ids (fetched independently, e.g. from /keys)."),
        )
        actions.add_parser("sign", help=_("Sign a tree head for the log as it stands now."))
        actions.add_parser("rotate-key", help=_("Retire the signing key and sign with a new one."))
        check = actions.add_parser("check", help=_("Check the stored log against its latest signed head."))
        check.add_argument("--full", action="store_true", help=_("Rehash every entry (slow on large logs)."))

    def handle(self, *args, action: str, **options):
        handler = getattr(self, "handle_" + action.replace("-", "_"))
        try:
            handler(**options)
        except DomainError as error:
            raise CommandError(error.detail) from error

    def handle_root(self, leaves: list[str], **options):
        try:
            data = [bytes.fromhex(leaf) for leaf in leaves]
        except (ValueError, binascii.Error) as error:
            raise CommandError(_("Leaves are hexadecimal strings: %(error)s") % {"error": error}) from error
        self.stdout.write(merkle.root_of_leaves(data).hex())

    def handle_export(self, file: str, no_sign: bool, **options):
        if not no_sign:
            head = services.latest_head()
            if head is None or head.size != services.tree_state().size:
                services.sign_tree_head()
        if file == "-":
            size = exports.write_export(sys.stdout)
            return
        with open(file, "w", encoding="utf-8") as handle:
            size = exports.write_export(handle)
        self.stderr.write(_("Exported %(size)d entries to %(file)s.") % {"size": size, "file": file})

    def handle_verify(self, file: str, trusted_key: list[str], **options):
        if not Path(file).is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        report = verify.verify_file(file, trusted_keys=trusted_key)
        for problem in report.problems:
            self.stdout.write(str(problem))
        summary = _("%(entries)d entries, %(heads)d signed heads, tree size %(size)d.") % {
            "entries": report.entries,
            "heads": report.heads,
            "size": report.tree_size,
        }
        if not report.ok:
            raise CommandError(
                _("The export does not verify: %(count)d problems. %(summary)s")
                % {"count": len(report.problems), "summary": summary},
                returncode=1,
            )
        self.stdout.write(_("OK: every hash and signature verifies. %(summary)s") % {"summary": summary})

    def handle_sign(self, **options):
        head = services.sign_tree_head()
        self.stdout.write(
            _("Signed tree head: size %(size)d, root %(root)s, key %(key)s.")
            % {"size": head.size, "root": head.root_hash, "key": head.key.key_id}
        )

    def handle_rotate_key(self, **options):
        head = services.rotate_key()
        self.stdout.write(
            _("New signing key %(key)s; tree head of size %(size)d signed with it.")
            % {"key": head.key.key_id, "size": head.size}
        )

    def handle_check(self, full: bool, **options):
        problems = services.self_check(full=full)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(_("The transparency log failed its check."), returncode=1)
        self.stdout.write(
            _("The transparency log is sound (%(size)d entries).") % {"size": services.tree_state().size}
        )
