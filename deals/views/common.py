"""Helpers shared by the deal-room pages: lookups through restrict(), and running one service call."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from core.errors import DomainError
from deals.models import DealRoom
from deals.permissions import seat_of


def visible_room(request: HttpRequest, pk: int) -> DealRoom:
    return get_object_or_404(
        DealRoom.objects.visible_to(request.user).select_related("seller", "buyer"), pk=pk
    )


def visible(request: HttpRequest, model, pk: int):
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


def attempt(request: HttpRequest, action: Callable[[], Any], success: str, form=None) -> bool:
    """Run a service call; show its domain error on the form (or as a message) instead of failing."""
    try:
        action()
    except DomainError as error:
        if form is not None:
            form.add_error(error.field if error.field in form.fields else None, error.detail)
        else:
            messages.error(request, error.detail)
        return False
    if success:
        messages.success(request, success)
    return True


def back(room: DealRoom, page: str = "room") -> HttpResponse:
    return redirect(f"deals:{page}", pk=room.pk)


def room_context(request: HttpRequest, room: DealRoom, tab: str) -> dict[str, Any]:
    return {"room": room, "seat": seat_of(request.user, room), "tab": tab}
