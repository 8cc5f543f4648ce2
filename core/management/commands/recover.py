"""`ipharbour recover`: settle the work of processes that died (tasks left RUNNING, unfinished imports)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from core.recovery import recover


class Command(BaseCommand):
    help = _("Requeue or fail the tasks of dead workers and close the import runs of dead importers.")

    def handle(self, *args, **options):
        recovered = recover()
        self.stdout.write(
            _(
                "Recovery: tasks requeued: %(requeued)d, tasks failed: %(failed)d, "
                "import runs closed: %(runs)d."
            )
            % {
                "requeued": len(recovered.requeued),
                "failed": len(recovered.failed),
                "runs": len(recovered.runs),
            }
        )
