from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "listings"
    verbose_name = _("Marketplace")

    def ready(self):
        from assets.services import ENCUMBRANCE_RECORDING
        from listings.open_licence import refuse_exclusive_while_open

        ENCUMBRANCE_RECORDING.subscribe(refuse_exclusive_while_open)
        # Listings on the market the search engine lacks are ranked at start (./run and every worker).
        from core.recovery import RECOVERING
        from listings.relevance import catch_up

        RECOVERING.subscribe(catch_up)
        # A web worker loads the search's bitsets and the engine's listings before its first request.
        from core.warmup import WARMING
        from listings.relevance import warm

        WARMING.subscribe(warm)
        self._contribute_to_home()

    def _contribute_to_home(self):
        from core import home
        from listings import home as listings_home

        home.register_inbox(listings_home.inbox)
        home.register_shortcut(listings_home.shortcuts)
        home.register_unread(listings_home.unread, "listings:notifications")
        home.register_activity(listings_home.own_listings, "listings:detail")
        home.register_activity(listings_home.own_needs, "listings:need")
