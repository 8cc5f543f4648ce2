from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("IP financing")

    def ready(self) -> None:
        # Covenant monitoring: the valuation app announces revaluations; financing listens, so that the
        # lower app never imports this one.
        from financing.services.covenants import subscribe

        subscribe()
