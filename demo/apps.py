from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data of every app (`ipharbour demo`), at the top of the house: it imports the apps it
    fills, and none imports it."""

    name = "demo"
    verbose_name = _("Demo data")
