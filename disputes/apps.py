from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisputesConfig(AppConfig):
    name = "disputes"
    verbose_name = _("Disputes")

    def ready(self):
        from core import home
        from disputes import home as disputes_home

        home.register_inbox(disputes_home.inbox)
        home.register_shortcut(disputes_home.shortcuts)
        home.register_activity(disputes_home.own_cases, "disputes:case", disputes_home.ACTIVITY)
