"""What the registry puts on a member's home: the recent activity on their organisation's assets."""

from accounts.models import AnyUser, Organisation
from assets.models import Asset


def own_assets(user: AnyUser):
    return Asset.objects.visible_to(user).filter(owner__in=Organisation.objects.of_member(user).values("pk"))
