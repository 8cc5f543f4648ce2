"""Subscriptions, notifications, and the unsubscribe link of every e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import attempt
from listings import alerts
from listings.forms import SubscriptionForm
from listings.models import Need, Notification, Subscription


@login_required
def subscriptions(request):
    form = SubscriptionForm(
        request.POST or None, needs=Need.objects.of_member(request.user).filter(status="open")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        search = {"q": data["q"], "deal_type": data["deal_type"], "territory": data["territory"]}

        def action():
            alerts.subscribe(
                user=request.user,
                kind=data["kind"],
                frequency=data["frequency"],
                need=data["need"],
                search_params={k: v for k, v in search.items() if v},
            )

        if attempt(request, action, _("Subscribed."), form):
            return redirect("listings:subscriptions")
    mine = Subscription.objects.visible_to(request.user).filter(user=request.user).select_related("need")
    return render(request, "listings/subscriptions.html", {"form": form, "subscriptions": mine})


@login_required
@require_POST
def stop(request, pk: int):
    subscription = get_object_or_404(
        Subscription.objects.visible_to(request.user).filter(user=request.user), pk=pk
    )
    alerts.unsubscribe(subscription=subscription, by=request.user)
    messages.success(request, _("Subscription stopped."))
    return redirect("listings:subscriptions")


def unsubscribe(request, token: str):
    """The link in every e-mail: no login needed, the token is the proof; a POST stops it (one click)."""
    subscription = get_object_or_404(Subscription, token=token)
    if request.method == "POST":
        alerts.unsubscribe(subscription=subscription)
    return render(request, "listings/unsubscribe.html", {"subscription": subscription})


@login_required
def notifications(request):
    items = Notification.objects.visible_to(request.user).select_related(
        "listing", "asset", "interest__organisation"
    )
    return render(request, "listings/notifications.html", {"items": items[:200]})


@login_required
@require_POST
def read(request, pk: int):
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    attempt(request, lambda: alerts.mark_read(notification=notification, by=request.user), "")
    if notification.listing_id:
        return redirect("listings:detail", pk=notification.listing_id)
    return redirect("listings:notifications")
