"""In-app notifications to the members of an organisation (the e-mail side lives in alerts.py)."""

from accounts.models import Membership, Organisation
from listings.models import Notification


def notify_members(organisation: Organisation, kind: str, **about) -> list[Notification]:
    """One notification per member of the organisation, about a listing, lead or asset."""
    users = Membership.objects.filter(organisation=organisation).values_list("user", flat=True)
    return Notification.objects.bulk_create(
        [Notification(user_id=user, kind=kind, **about) for user in users]
    )
