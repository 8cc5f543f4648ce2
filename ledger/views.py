"""The public page of the transparency log: the latest signed head, recent entries, how to verify."""

from django.conf import settings
from django.shortcuts import render

from core.errors import Conflict
from ledger import services
from ledger.models import Entry, SigningKey

RECENT_ENTRIES = 20


def home(request):
    try:
        head = services.current_head()
    except Conflict:
        # The page stays up when the signing key cannot be read; `ipharbour ledger check` says why.
        head = services.latest_head()
    context = {
        "head": head,
        "tree_size": services.tree_state().size,
        "entries": Entry.objects.order_by("-index")[:RECENT_ENTRIES],
        "keys": SigningKey.objects.order_by("-valid_from"),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return render(request, "ledger/home.html", context)
