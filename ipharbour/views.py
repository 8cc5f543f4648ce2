from django.db.models import Count
from django.shortcuts import render

from accounts.models import Organisation
from assets.models import Asset
from assets.search import public_counts
from trials.models import TrialLink


def home(request):
    counts = public_counts()
    counts["trials"] = TrialLink.objects.values("trial").distinct().count()
    counts["organisations"] = Organisation.objects.filter(status=Organisation.Status.APPROVED).count()
    rows = list(
        Asset.objects.filter(visibility=Asset.Visibility.PUBLIC)
        .values("jurisdiction")
        .annotate(count=Count("pk"))
        .order_by("-count")[:8]
    )
    top = rows[0]["count"] if rows else 1
    for row in rows:
        row["share"] = round(100 * row["count"] / top)
    return render(request, "home.html", {"counts": counts, "top_jurisdictions": rows})
