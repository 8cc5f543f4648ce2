"""The public page of the transparency log: the latest signed head, recent entries, how to verify."""

from django.conf import settings
from django.shortcuts import render

from core.errors import Conflict, IntegrityFailure
from ledger import guard, services
from ledger.models import Entry, SigningKey

RECENT_ENTRIES = 20


def home(request):
    damaged = ""
    try:
        head = services.current_head()
    except Conflict:
        # The page stays up when the signing key cannot be read; `ipharbour ledger check` says why.
        head = services.latest_head()
    except IntegrityFailure as failure:
        head, damaged = services.latest_head(), failure.detail
    entries = list(Entry.objects.order_by("-index")[:RECENT_ENTRIES])
    try:
        guard.require_sound(entries)
    except IntegrityFailure as failure:
        entries, damaged = [], failure.detail  # damaged entries are withheld, not shown
    context = {
        "head": head,
        "damaged": damaged,
        "tree_size": services.tree_state().size,
        "entries": entries,
        "keys": SigningKey.objects.order_by("-valid_from"),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return render(request, "ledger/home.html", context)
