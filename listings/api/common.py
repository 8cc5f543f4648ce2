"""Lookups shared by the marketplace endpoints; every one goes through visible_to()."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.models import Organisation
from core.bounds import Id
from core.errors import InvalidInput
from listings.models import Listing, Need


def visible_listing(request, listing_id: Id) -> Listing:
    return get_object_or_404(
        Listing.objects.visible_to(request.user).select_related("organisation"), pk=listing_id
    )


def visible_need(request, need_id: Id) -> Need:
    return get_object_or_404(Need.objects.visible_to(request.user).select_related("organisation"), pk=need_id)


def own_organisation(user, slug: str) -> Organisation:
    """An organisation the user belongs to; any other slug is unknown to them."""
    organisation = Organisation.objects.of_member(user).filter(slug=slug).first()
    if organisation is None:
        raise InvalidInput(_("You are not a member of %(slug)s.") % {"slug": slug[:80]}, field="organisation")
    return organisation
