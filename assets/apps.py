from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("IP registry")

    def ready(self):
        from assets import home as assets_home
        from assets.importers import commands
        from assets.importers.recovery import recover_import_runs
        from core import home
        from core.recovery import RECOVERING

        home.register_activity(assets_home.own_assets, "assets:detail")
        commands.register()  # ipharbour import patents|portfolio
        RECOVERING.subscribe(recover_import_runs)
