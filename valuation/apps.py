from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuationConfig(AppConfig):
    name = "valuation"
    verbose_name = _("Valuation")

    def ready(self):
        from core import home
        from valuation import home as valuation_home

        home.register_inbox(valuation_home.inbox)
        home.register_shortcut(valuation_home.shortcuts)
        home.register_activity(valuation_home.own_valuations, "valuation:detail")
