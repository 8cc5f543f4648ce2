"""Subscription and notification endpoints (each person's own)."""

from django.shortcuts import get_object_or_404
from ninja import Router, Status
from ninja.pagination import paginate

from accounts.api import require_user
from core.bounds import Id
from listings import alerts
from listings.models import Need, Notification, Subscription
from listings.schemas import NotificationOut, SubscriptionIn, SubscriptionOut

router = Router()


@router.get("/subscriptions", response=list[SubscriptionOut], summary="My subscriptions")
@paginate
def subscriptions(request):
    user = require_user(request)
    return Subscription.objects.visible_to(user).filter(user=user)


@router.post(
    "/subscriptions", response={201: SubscriptionOut}, summary="Subscribe to a need, a search or the digest"
)
def subscribe(request, payload: SubscriptionIn):
    user = require_user(request)
    need = Need.objects.visible_to(user).filter(pk=payload.need).first() if payload.need else None
    subscription = alerts.subscribe(
        user=user,
        kind=payload.kind,
        frequency=payload.frequency,
        need=need,
        search_params=payload.search,
        label=payload.label,
    )
    return Status(201, subscription)


@router.delete("/subscriptions/{int:subscription_id}", response={204: None}, summary="Stop a subscription")
def unsubscribe(request, subscription_id: Id):
    user = require_user(request)
    subscription = get_object_or_404(
        Subscription.objects.visible_to(user).filter(user=user), pk=subscription_id
    )
    alerts.unsubscribe(subscription=subscription, by=user)
    return Status(204, None)


@router.get("/notifications", response=list[NotificationOut], summary="My notifications, newest first")
@paginate
def notifications(request):
    user = require_user(request)
    return Notification.objects.visible_to(user)


@router.post("/notifications/{int:notification_id}/read", response=NotificationOut, summary="Mark as read")
def read(request, notification_id: Id):
    user = require_user(request)
    notification = get_object_or_404(Notification.objects.visible_to(user), pk=notification_id)
    return alerts.mark_read(notification=notification, by=user)
