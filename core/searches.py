"""Saving a results page to come back to ("Save this search"), from any app's search or list page."""

from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from core.access import Person
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from core.models import SavedSearch

MAX_SAVED = 100
# Positions inside one result list: a saved search starts again at the first page.
POSITION = frozenset({"page", "cursor", "before"})


def _clean_query(query: str) -> str:
    pairs = [(key, value) for key, value in parse_qsl(query, keep_blank_values=False) if key not in POSITION]
    return urlencode(sorted(pairs))[:2000]


def _check_path(path: str) -> str:
    if not path.startswith("/") or path.startswith("//") or path.startswith("/api/"):
        raise InvalidInput(_("Only a page of this site can be saved."), field="path")
    try:
        resolve(path)
    except Resolver404:
        raise InvalidInput(_("Only a page of this site can be saved."), field="path") from None
    return path[:200]


@transaction.atomic
def save_search(*, user: Person, path: str, query: str, label: str = "") -> SavedSearch:
    """Keep a results page (its path and query, without the page position) for the member; saving the same
    search twice keeps one."""
    if not getattr(user, "is_authenticated", False):
        raise Forbidden(_("Sign in to save a search."))
    path, query = _check_path(path), _clean_query(query)
    found = SavedSearch.objects.restrict(user).filter(user=user, path=path, query=query).first()
    if found is not None:
        return found
    if SavedSearch.objects.filter(user_id=user.pk).count() >= MAX_SAVED:
        raise InvalidInput(_("You can keep at most %(max)d saved searches.") % {"max": MAX_SAVED})
    label = (label or dict(parse_qsl(query)).get("q") or _("Saved search")).strip()[:200]
    saved = SavedSearch.objects.create(user_id=user.pk, path=path, query=query, label=label)
    record_event(saved, "saved_search.created", actor=user, path=path)
    return saved


@transaction.atomic
def delete_saved_search(*, saved: SavedSearch, by: Person) -> None:
    """Forget a saved search (the caller found it through SavedSearch.objects.restrict(by, "change"))."""
    record_event(saved, "saved_search.deleted", actor=by)
    saved.delete()
