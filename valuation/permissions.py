"""Who may change a valuation; who may see it is ValuationQuerySet.visible_to."""

from accounts.permissions import can_edit_for
from valuation.models import Valuation


def can_edit(user, valuation: Valuation) -> bool:
    """The owner's editors and the valuer's editors work on a valuation; the operator may too."""
    if getattr(user, "is_staff", False):
        return True
    owner, valuer = valuation.asset.owner, valuation.valuer
    return bool((owner and can_edit_for(user, owner)) or (valuer and can_edit_for(user, valuer)))


def can_share(user, valuation: Valuation) -> bool:
    """Only the asset owner decides who else sees its valuation."""
    owner = valuation.asset.owner
    return bool(getattr(user, "is_staff", False) or (owner and can_edit_for(user, owner)))
