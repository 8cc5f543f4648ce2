"""Small predicates about who may act for a certifier or a requester.

Unlike the registry's `can_edit_for`, none of these lets the operator's staff through: staff may read
everything, but only a certifier's own people sign in its name, and only an owner's people ask.
"""

from accounts.models import AnyUser, Membership, Organisation
from accounts.permissions import role_in


def acts_for(user: AnyUser, organisation: Organisation) -> bool:
    """Admins and members act for their organisation; viewers only read."""
    return role_in(user, organisation) in Membership.WRITING_ROLES


def administers(user: AnyUser, organisation: Organisation) -> bool:
    return role_in(user, organisation) == Membership.Role.ADMIN


def is_certifier(organisation: Organisation) -> bool:
    return organisation.kind == Organisation.Kind.CERTIFIER and organisation.can_publish
