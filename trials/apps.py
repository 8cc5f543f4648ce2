from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Clinical trials")

    def ready(self) -> None:
        from core.importing import IMPORTED, Importer, register_importer
        from trials.importers import commands

        register_importer(
            "trials",
            Importer(
                commands.trials,
                "ClinicalTrials.gov JSON or CSV, HINT CSV",
                resume=commands.link_trials_written_since,
            ),
        )
        IMPORTED.subscribe(commands.link_after_portfolio)
