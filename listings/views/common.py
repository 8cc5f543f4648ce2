"""Helpers shared by the marketplace's HTML views."""

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from core.errors import DomainError
from listings.models import Listing, Need


def visible_listing(request: HttpRequest, pk: int) -> Listing:
    return get_object_or_404(Listing.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def visible_need(request: HttpRequest, pk: int) -> Need:
    return get_object_or_404(Need.objects.visible_to(request.user).select_related("organisation"), pk=pk)


def attempt(request: HttpRequest, action, success: str, form=None) -> bool:
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
