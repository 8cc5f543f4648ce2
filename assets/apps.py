from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("IP registry")

    def ready(self):
        from assets import home as assets_home
        from core import home

        home.register_activity(assets_home.own_assets, "assets:detail")
