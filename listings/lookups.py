"""The marketplace's lookups by id, shared by pages and endpoints; every one goes through visible_to()."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from listings.models import Listing, Need


def visible_listing(request: HttpRequest, pk: int) -> Listing:
    return get_object_or_404(Listing.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def visible_need(request: HttpRequest, pk: int) -> Need:
    return get_object_or_404(Need.objects.visible_to(request.user).select_related("organisation"), pk=pk)
