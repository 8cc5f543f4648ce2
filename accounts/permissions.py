"""Small predicates about what a person may do in an organisation."""

from accounts.models import AnyUser, Membership, Organisation
from core import access


def role_in(user: AnyUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, organisation=organisation).only("role").first()
    return membership.role if membership else None


def is_member(user: AnyUser, organisation: Organisation) -> bool:
    return role_in(user, organisation) is not None


def is_org_admin(user: AnyUser, organisation: Organisation) -> bool:
    return access.is_staff(user) or role_in(user, organisation) == Membership.Role.ADMIN


def can_edit_for(user: AnyUser, organisation: Organisation) -> bool:
    """Admins and members edit their organisation's records; viewers only read."""
    return access.is_staff(user) or role_in(user, organisation) in Membership.WRITING_ROLES
