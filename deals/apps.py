from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Deal rooms")

    def ready(self):
        # The marketplace sits lower in the house: it calls the hooks it is given when a seller accepts
        # a lead,
        # and a deal room opens for the two organisations.
        from core import home
        from deals import home as deals_home
        from deals.services.room import open_room_for_interest
        from listings.services import INTEREST_ACCEPTED

        INTEREST_ACCEPTED.subscribe(open_room_for_interest)

        # What waits for a member in their rooms appears on their home.
        home.register_inbox(deals_home.inbox)
        home.register_activity(deals_home.own_rooms, "deals:room", deals_home.ACTIVITY)
