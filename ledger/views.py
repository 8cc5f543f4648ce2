"""The public page of the transparency log: the latest signed head, the entries page by page (searchable by
subject), how to verify."""

from django.conf import settings
from django.shortcuts import render

from core.bounds import MAX_INTEGER
from core.errors import Conflict, IntegrityFailure
from ledger import guard, services
from ledger.browse import entries_page
from ledger.models import SigningKey, TreeHead


def home(request):
    damaged = ""
    head: TreeHead | None
    try:
        head = services.current_head()
    except Conflict:
        # The page stays up when the signing key cannot be read; `ipharbour ledger check` says why.
        head = services.latest_head()
    except IntegrityFailure as failure:
        head, damaged = services.latest_head(), failure.detail
    page = _entries(request)
    try:
        guard.require_sound(page["entries"])
    except IntegrityFailure as failure:
        page["entries"], damaged = [], failure.detail  # damaged entries are withheld, not shown
    context = {
        "head": head,
        "damaged": damaged,
        "tree_size": services.tree_state().size,
        **page,
        "keys": SigningKey.objects.order_by("-valid_from"),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return render(request, "ledger/home.html", context)


def _entries(request) -> dict:
    subject = request.GET.get("subject", "")[:200]
    before = request.GET.get("before", "")
    # An index past any database integer would reach the query as an overflow; no entry is that late anyway.
    start = min(int(before), MAX_INTEGER) if before.isdigit() else None
    entries, next_before = entries_page(subject=subject, before=start)
    return {"entries": entries, "subject": subject, "next_before": next_before, "paged": before.isdigit()}
