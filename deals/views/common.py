"""Helpers shared by the deal-room pages: lookups through restrict(), and running one service call."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from deals.models import DealRoom
from deals.permissions import seat_of


def visible_room(request: HttpRequest, pk: int) -> DealRoom:
    return get_object_or_404(
        DealRoom.objects.visible_to(request.user).select_related("seller", "buyer"), pk=pk
    )


def visible(request: HttpRequest, model, pk: int):
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


def back(room: DealRoom, page: str = "room") -> HttpResponse:
    return redirect(f"deals:{page}", pk=room.pk)


def room_context(request: HttpRequest, room: DealRoom, tab: str) -> dict[str, Any]:
    return {"room": room, "seat": seat_of(request.user, room), "tab": tab}
