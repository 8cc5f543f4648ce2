"""Lookups shared by the deal endpoints; every one goes through the model's restrict()."""

from django.shortcuts import get_object_or_404

from accounts.api import require_user
from accounts.models import User
from deals.models import DealRoom


def room_for(request, room_id: int) -> tuple[User, DealRoom]:
    """The signed-in user and a room they sit in (404 for everyone else)."""
    user = require_user(request)
    found = get_object_or_404(DealRoom.objects.visible_to(user).select_related("seller", "buyer"), pk=room_id)
    return user, found


def child_for(request, model, pk: int):
    """The signed-in user and a record of a room they sit in (404 for everyone else)."""
    user = require_user(request)
    return user, get_object_or_404(model.objects.visible_to(user), pk=pk)
