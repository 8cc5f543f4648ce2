from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import get_language

from accounts.models import Organisation
from assets.models import Asset
from assets.search import public_counts
from core import home as home_registry
from core.models import SavedSearch
from listings.home import latest_listings, latest_needs
from trials.models import TrialLink


def home(request):
    """Members land on their own home; visitors on the exchange's front page."""
    if request.user.is_authenticated:
        return member_home(request)
    return visitor_home(request)


def member_home(request):
    user = request.user
    context = {
        "inbox": home_registry.inbox_for(user),
        "organisations": Organisation.objects.of_member(user),
        "listings": latest_listings(user, get_language()),
        "needs": latest_needs(user, get_language()),
        "activity": home_registry.recent_activity(user),
        "saved_searches": SavedSearch.objects.restrict(user).filter(user=user)[:20],
    }
    return render(request, "member_home.html", context)


def visitor_home(request):
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
