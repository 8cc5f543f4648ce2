"""A member's home: what waits for them, their own work and their organisation's recent activity.

Core knows no business domain, so each app contributes in its AppConfig.ready():

- ``register_inbox(provider)``: provider(user) → the items waiting for this person (leads to answer, requests
  to decide …); an item with count 0 is not shown.
- ``register_shortcut(provider)``: provider(user) → links to the person's own work, shown in the header of
  every page (my listings, my needs, requests to review …).
- ``register_unread(provider, url_name)``: provider(user) → how many unread messages the person has, shown
  as a badge in the header that links to url_name (one provider, the first registered, owns the link).
- ``register_activity(owned, url_name, labels)``: owned(user) → a queryset of the objects the person's
  organisations own or take part in, narrowed by the model's access base; their events appear as recent
  activity. Events are matched by subject, never by actor alone, so a colleague's work for another
  organisation stays out of sight. ``labels`` maps an app's event kinds ("deal.nda_signed") to what a member
  reads; kinds without one fall back to VERBS, by the last part of the kind. Only the kind is shown, never
  the event's data, which may hold terms and amounts.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models.functions import Cast
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.access import Person, is_signed_in
from core.hooks import add_once
from core.models import Event


@dataclass(frozen=True)
class InboxItem:
    """Something waiting for a person: a title, where to deal with it and how many there are."""

    title: str | Promise
    url: str
    count: int = 1
    role: str = field(default="", compare=False)


@dataclass(frozen=True)
class Shortcut:
    """A link to a person's own work, shown in every page's header."""

    title: str | Promise
    url: str


@dataclass(frozen=True)
class Activity:
    """One recent event on an object the person's organisations own, ready to show."""

    event: Event
    subject: str | Promise
    verb: str | Promise
    url: str


# Providers take the concrete user type of the apps above (accounts.models.AnyUser), which core cannot name.
InboxProvider = Callable[[Any], Iterable[InboxItem]]
ShortcutProvider = Callable[[Any], Iterable[Shortcut]]
UnreadProvider = Callable[[Any], int]
OwnedProvider = Callable[[Any], models.QuerySet]

_inbox: list[InboxProvider] = []
_shortcuts: list[ShortcutProvider] = []
_unread: list[tuple[UnreadProvider, str]] = []
_activity: list[tuple[OwnedProvider, str]] = []
_labels: dict[str, str | Promise] = {}


def register_inbox(provider: InboxProvider) -> None:
    add_once(_inbox, provider)


def register_shortcut(provider: ShortcutProvider) -> None:
    add_once(_shortcuts, provider)


def register_unread(provider: UnreadProvider, url_name: str) -> None:
    add_once(_unread, (provider, url_name))


def register_activity(
    owned: OwnedProvider, url_name: str, labels: Mapping[str, str | Promise] | None = None
) -> None:
    add_once(_activity, (owned, url_name))
    _labels.update(labels or {})


def label_of(kind: str) -> str | Promise:
    """What a member reads for an event kind: the app's own label, else the verb of its last part."""
    return _labels.get(kind) or VERBS.get(kind.rpartition(".")[2], _("changed"))


def inbox_for(user: Person | None) -> list[InboxItem]:
    """Everything waiting for this person, from every app, leaving out what is done."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for provider in _inbox for item in provider(user) if item.count > 0]


def shortcuts_for(user: Person | None) -> list[Shortcut]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [shortcut for provider in _shortcuts for shortcut in provider(user)]


def unread_count(user: Person | None) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return sum(provider(user) for provider, _url_name in _unread)


def unread_url() -> str:
    return reverse(_unread[0][1]) if _unread else ""


def recent_activity(user: Person | None, limit: int = 15) -> list[Activity]:
    """The latest events on objects this person's organisations own, newest first."""
    if not is_signed_in(user) or not _activity:
        return []
    query = models.Q(pk__in=[])
    urls: dict[str, str] = {}
    for owned, url_name in _activity:
        objects = owned(user)
        label = objects.model._meta.label_lower
        ids = objects.annotate(subject_key=Cast("pk", models.CharField())).values("subject_key")
        query |= models.Q(subject_type=label, subject_id__in=ids)
        urls[label] = url_name
    events = Event.objects.filter(query).select_related("actor").order_by("-id")[:limit]
    return [_activity_of(event, urls[event.subject_type]) for event in events]


def _activity_of(event: Event, url_name: str) -> Activity:
    from django.apps import apps

    model = apps.get_model(event.subject_type)
    try:
        url = reverse(url_name, kwargs={"pk": int(event.subject_id)})
    except (NoReverseMatch, ValueError):
        url = ""
    return Activity(event=event, subject=model._meta.verbose_name, verb=label_of(event.kind), url=url)


# The last part of an event kind ("listing.published" → "published"), in words a member reads.
VERBS = {
    "registered": _("registered"),
    "updated": _("updated"),
    "created": _("created"),
    "published": _("published"),
    "submitted": _("submitted for screening"),
    "screened": _("screened"),
    "rejected": _("rejected"),
    "closed": _("closed"),
    "under_negotiation": _("under negotiation"),
    "transferred": _("transferred"),
    "encumbered": _("licensed or pledged"),
    "legal_event": _("legal status changed"),
    "profile_saved": _("biomedical profile saved"),
    "requested": _("certification requested"),
    "withdrawn": _("withdrawn"),
    "checked": _("checked"),
    "evidence_added": _("evidence added"),
    "attestation_issued": _("attestation issued"),
    "attestation_revoked": _("attestation revoked"),
    "finalised": _("finalised"),
    "run": _("valued"),
    "revalued": _("revalued"),
    "inputs_changed": _("inputs changed"),
    "shared": _("shared"),
    "unshared": _("no longer shared"),
    "interest_expressed": _("interest expressed"),
    "interest_accepted": _("lead accepted"),
    "interest_declined": _("lead declined"),
    "encumbrance_released": _("licence or pledge released"),
    "translated": _("translation added"),
    "decided": _("certification decided"),
    "open_licence_taken": _("open licence taken"),
    "pledgee_consented": _("pledgee consented"),
    "alert": _("value change announced"),
    "revaluation_failed": _("revaluation failed"),
}
