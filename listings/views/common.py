"""Helpers shared by the marketplace's HTML views."""

from django.contrib import messages
from django.http import HttpRequest

from core.errors import DomainError
from listings.lookups import visible_listing, visible_need

__all__ = ["attempt", "visible_listing", "visible_need"]


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
