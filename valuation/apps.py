from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuationConfig(AppConfig):
    name = "valuation"
    verbose_name = _("Valuation")

    def ready(self):
        from assets.services import VALUE_FACTS_CHANGED
        from core import home
        from valuation.tasks import queue_asset_revaluation

        # The registry (and trials, when they raise a phase) announce that a fact an asset's value rests on
        # changed; its draft valuations are revalued once that change commits.
        VALUE_FACTS_CHANGED.subscribe(queue_asset_revaluation)
        from valuation import home as valuation_home

        home.register_inbox(valuation_home.inbox)
        home.register_shortcut(valuation_home.shortcuts)
        home.register_activity(valuation_home.own_valuations, "valuation:detail")
