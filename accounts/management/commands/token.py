"""`ipharbour token create|list|revoke`: a person's API tokens from the command line.

`create` prints the token alone on standard output (or, with --json, an object with a `token` key), so that
scripts can capture it: TOKEN=$(ipharbour token create --user alice@example.com --scope read-write).
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts import tokens
from accounts.models import ApiToken, User
from core.errors import DomainError


def _described(token: ApiToken) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "created_at": token.created_at.isoformat(),
        "expires_at": token.expires_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
        "end_reason": token.end_reason,
        "active": token.is_active,
    }


class Command(BaseCommand):
    help = _("A person's API tokens: create, list, revoke.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help=_("Create a token and print it once."))
        create.add_argument("--user", required=True, metavar="EMAIL")
        create.add_argument("--name", default="command line", help=_("A name to recognise the token by."))
        create.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ_ONLY)
        create.add_argument("--days", type=int, help=_("Lifetime in days (default: the operator's setting)."))
        create.add_argument("--json", action="store_true", help=_("Print a JSON object with a 'token' key."))
        listing = actions.add_parser("list", help=_("List a person's tokens (never the tokens themselves)."))
        listing.add_argument("--user", required=True, metavar="EMAIL")
        listing.add_argument("--json", action="store_true")
        revoke = actions.add_parser("revoke", help=_("End a token now."))
        revoke.add_argument("--user", required=True, metavar="EMAIL")
        revoke.add_argument("token", metavar="ID_OR_PREFIX", help=_("The token's id or its prefix."))

    def handle(self, *args, action: str, user: str, **options):
        person = User.objects.filter(email__iexact=user.strip()).first()
        if person is None:
            raise CommandError(_("Nobody has the e-mail address %(email)s.") % {"email": user})
        try:
            getattr(self, "handle_" + action)(person, **options)
        except DomainError as error:
            raise CommandError(error.detail) from error

    def handle_create(self, person: User, *, name: str, scope: str, days: int | None, json: bool, **options):
        record, token = tokens.create_api_token(user=person, name=name, scope=scope, days=days)
        if json:
            self.stdout.write(_dumps({**_described(record), "token": token}))
            return
        self.stdout.write(token)
        self.stderr.write(
            _("Token %(prefix)s… (%(scope)s) for %(email)s, valid until %(expires)s; it is not shown again.")
            % {
                "prefix": record.prefix,
                "scope": record.scope,
                "email": person.email,
                "expires": record.expires_at.isoformat(),
            }
        )

    def handle_list(self, person: User, *, json: bool, **options):
        records = ApiToken.objects.visible_to(person).filter(user=person)
        if json:
            self.stdout.write(_dumps([_described(record) for record in records]))
            return
        for record in records:
            last_used = record.last_used_at.isoformat() if record.last_used_at else "—"
            self.stdout.write(
                f"{record.pk}\t{record.prefix}…\t{record.scope}\t{record.state}\t"
                f"{record.expires_at.isoformat()}\t{last_used}\t{record.name}"
            )

    def handle_revoke(self, person: User, *, token: str, **options):
        record = tokens.revoke_api_token(token=tokens.find_token(user=person, key=token.strip()), by=person)
        self.stdout.write(_("Token %(prefix)s… no longer works.") % {"prefix": record.prefix})


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
