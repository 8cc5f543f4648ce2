"""The public page of the transparency log: the latest signed head, the entries page by page (searchable by
subject), how to verify."""

from django.conf import settings
from django.shortcuts import render

from core.errors import Conflict
from ledger import services
from ledger.browse import entries_page
from ledger.models import SigningKey


def home(request):
    try:
        head = services.current_head()
    except Conflict:
        # The page stays up when the signing key cannot be read; `ipharbour ledger check` says why.
        head = services.latest_head()
    context = {
        "head": head,
        "tree_size": services.tree_state().size,
        **_entries(request),
        "keys": SigningKey.objects.order_by("-valid_from"),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return render(request, "ledger/home.html", context)


def _entries(request) -> dict:
    subject = request.GET.get("subject", "")[:200]
    before = request.GET.get("before", "")
    entries, next_before = entries_page(subject=subject, before=int(before) if before.isdigit() else None)
    return {"entries": entries, "subject": subject, "next_before": next_before, "paged": before.isdigit()}
