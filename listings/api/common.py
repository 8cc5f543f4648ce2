"""Lookups shared by the marketplace endpoints; every one goes through visible_to()."""

from django.utils.translation import gettext as _

from accounts.models import AnyUser, Organisation
from core.errors import InvalidInput
from listings.lookups import visible_listing, visible_need

__all__ = ["own_organisation", "visible_listing", "visible_need"]


def own_organisation(user: AnyUser, slug: str) -> Organisation:
    """An organisation the user belongs to; any other slug is unknown to them."""
    organisation = Organisation.objects.of_member(user).filter(slug=slug).first()
    if organisation is None:
        raise InvalidInput(_("You are not a member of %(slug)s.") % {"slug": slug[:80]}, field="organisation")
    return organisation
