"""Who may change a valuation; who may see it is ValuationQuerySet.visible_to."""

from django.db.models import QuerySet

from accounts.models import AnyUser, Membership, Organisation
from accounts.permissions import can_edit_for
from core.access import DECIDE, may
from valuation.models import Valuation


def organisations_acting_for(user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose records the user edits (admin or member, not viewer)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    # One filter() call, so that the user and the role are those of the same membership.
    return Organisation.objects.filter(
        memberships__user=user, memberships__role__in=[Membership.Role.ADMIN, Membership.Role.MEMBER]
    ).distinct()


def valuations_to_apply_for(user: AnyUser) -> QuerySet[Valuation]:
    """Valuations the user may apply with for the fee subsidy: of assets their organisations own."""
    own = Valuation.objects.visible_to(user).filter(asset__owner__in=organisations_acting_for(user))
    return Valuation.objects.filter(pk__in=own.values("pk")).select_related("asset").order_by("-created_at")


def can_edit(user: AnyUser, valuation: Valuation) -> bool:
    """The owner's editors and the valuer's editors work on a valuation; the operator may too."""
    if getattr(user, "is_staff", False):
        return True
    owner, valuer = valuation.asset.owner, valuation.valuer
    return bool((owner and can_edit_for(user, owner)) or (valuer and can_edit_for(user, valuer)))


def can_share(user: AnyUser, valuation: Valuation) -> bool:
    """Only the asset owner decides who else sees its valuation."""
    owner = valuation.asset.owner
    return bool(getattr(user, "is_staff", False) or (owner and can_edit_for(user, owner)))


def can_unshare(user: AnyUser, valuation: Valuation) -> bool:
    """Stopping a share is the owner's own decision: its members take it, never the operator's staff."""
    owner = valuation.asset.owner
    return owner is not None and may(user, owner, DECIDE)
