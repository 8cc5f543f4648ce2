from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(sender, using: str = "default", **kwargs) -> None:
    # The shared cache lives in a database table on the embedded default: `migrate` is all a deployment runs,
    # so it creates the table too (a no-op when it exists or when the cache is Redis).
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Platform kernel")

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="core.createcachetable")
        from django.conf.locale import LANG_INFO

        # A browser that says only "zh" gets Simplified Chinese (the script of most Chinese readers); Django
        # would otherwise take the first Chinese language listed, Traditional.
        LANG_INFO.setdefault("zh", {"fallback": ["zh-hans"]})
        from core.warmup import WARMING, load_templates, load_urls

        WARMING.subscribe(load_urls)
        WARMING.subscribe(load_templates)
