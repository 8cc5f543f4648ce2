from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("IP financing")

    def ready(self) -> None:
        # Covenant monitoring: the valuation app announces revaluations; financing listens, so that the
        # lower app never imports this one.
        from core import home
        from financing import home as financing_home
        from financing.services.covenants import subscribe

        subscribe()
        # Loan steps waiting on the member's organisation appear on the member's home.
        home.register_inbox(financing_home.inbox)
        home.register_activity(financing_home.own_loans, "financing:loan", financing_home.ACTIVITY)
        home.register_activity(
            financing_home.own_licence_backs, "financing:licence_back", financing_home.ACTIVITY
        )
        # Collateral auctions appear where buyers look: the marketplace and the auctioned asset's page.
        from core.links import register_links

        register_links("marketplace", financing_home.marketplace_links)
        register_links("asset", financing_home.asset_links)
