"""Personal API tokens: created with a scope and an expiry, ended by their owner or by what changes trust.

Only a token's SHA-256 is stored; the token itself is returned once, at creation. A token ends when it
expires, when its owner (or the operator) revokes it, when its owner's password changes (a thief who knew the
old password may have made one) and when its owner is removed from an organisation.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User
from core.errors import Forbidden, InvalidInput, NotFound
from core.events import record_event

TOKEN_PREFIX = "iph_"  # noqa: S105 - a marker that tells secret scanners what the string is
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Writing last use on every request would make each API read a database write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def default_days() -> int:
    return min(settings.API_TOKEN_DAYS, settings.API_TOKEN_MAX_DAYS)


def _checked_days(days: int | None) -> int:
    if days is None:
        return default_days()
    maximum = settings.API_TOKEN_MAX_DAYS
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= maximum:
        raise InvalidInput(_("A token lives between 1 and %(max)d days.") % {"max": maximum}, field="days")
    return days


@transaction.atomic
def create_api_token(
    *, user: User, name: str, scope: str = ApiToken.Scope.READ_ONLY, days: int | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user` and return it in clear once; only its digest is kept."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("Name the token, so that you can recognise it later."), field="name")
    if len(name) > (ApiToken._meta.get_field("name").max_length or 80):
        raise InvalidInput(_("The name is too long."), field="name")
    if scope not in ApiToken.Scope.values:
        raise InvalidInput(_("Unknown scope: %(scope)s") % {"scope": scope}, field="scope")
    if not user.is_active:
        raise Forbidden(_("This account is not active."))
    days = _checked_days(days)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=token[:12],
        digest=ApiToken.digest_of(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(record, "api_token.created", actor=user, scope=scope, days=days, prefix=record.prefix)
    return record, token


def authenticate_token(token: str) -> ApiToken | None:
    """The active token `token` stands for, with its user; None when unknown, expired, ended or inactive."""
    record = ApiToken.objects.active().select_related("user").filter(digest=ApiToken.digest_of(token)).first()
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
        record.last_used_at = now
    return record


def user_for_token(token: str) -> User | None:
    record = authenticate_token(token)
    return record.user if record else None


def check_scope(record: ApiToken, method: str) -> None:
    """A read-only token may only read."""
    if record.read_only and method.upper() not in SAFE_METHODS:
        raise Forbidden(_("This token is read-only; create a read-write token to make changes."))


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User) -> ApiToken:
    """End a token now; its owner or the operator may do so, and ending it twice changes nothing."""
    if token.user_id != by.pk and not by.is_staff:
        raise NotFound(_("There is no such token."))
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.end_reason = ApiToken.EndReason.REVOKED
        token.save(update_fields=["revoked_at", "end_reason"])
        record_event(token, "api_token.revoked", actor=by, prefix=token.prefix)
    return token


@transaction.atomic
def end_api_tokens(*, user: User, reason: str) -> int:
    """End every live token of `user` (password changed, removed from an organisation); returns how many."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    prefixes = list(live.values_list("prefix", flat=True))
    if prefixes:
        live.update(revoked_at=timezone.now(), end_reason=reason)
        record_event(user, "api_tokens.ended", actor=None, reason=reason, prefixes=prefixes)
    return len(prefixes)


def find_token(*, user: User, key: str) -> ApiToken:
    """One of `user`'s tokens by id or by the prefix shown in lists (the CLI and the web page use both)."""
    tokens = ApiToken.objects.restrict(user, "change").filter(user=user)
    found = tokens.filter(pk=int(key)) if key.isdigit() and len(key) < 19 else tokens.filter(prefix=key)
    if len(found[:2]) != 1:
        raise NotFound(_("There is no such token."))
    return found.get()
