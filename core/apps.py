from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform kernel")

    def ready(self):
        from django.conf.locale import LANG_INFO

        # A browser that says only "zh" gets Simplified Chinese (the script of most Chinese readers); Django
        # would otherwise take the first Chinese language listed, Traditional.
        LANG_INFO.setdefault("zh", {"fallback": ["zh-hans"]})
