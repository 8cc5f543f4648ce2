"""`ipharbour worker`: the background task worker (django-tasks-db's db_worker) made safe to kill.

Its worker id names its host and pid, so that a worker killed while running a task is recognised as dead;
it settles the work of dead processes when it starts and then every RECOVERY_INTERVAL seconds while it
runs (core.recovery), so a task or an import cut short by a kill is requeued or closed without a restart.
"""

import logging
import threading
import time

from django.db import close_old_connections, connections
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from core.recovery import new_worker_id, recover

RECOVERY_INTERVAL = 60.0
logger = logging.getLogger("ipharbour.recovery")


class Command(DatabaseWorkerCommand):
    help = _("Run the background task worker; recovers the work of dead workers and importers.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # A worker id "host:pid:token" lets recovery see that this worker died; no reloader by default,
        # since a reloaded worker would be a new process under the old id.
        parser.set_defaults(worker_id=new_worker_id(), reload=False)
        parser.add_argument(
            "--recovery-interval",
            type=float,
            default=RECOVERY_INTERVAL,
            help=_("Seconds between recovery passes while the worker runs (0: only at start)."),
        )

    def handle(self, *args, recovery_interval: float, **options):  # type: ignore[override]
        _recover_once()
        if recovery_interval > 0:
            threading.Thread(target=_keep_recovering, args=(recovery_interval,), daemon=True).start()
        super().handle(*args, **options)


def _recover_once() -> None:
    try:
        if recovered := recover():
            logger.warning("recovered the work of dead processes: %s", recovered)
    except Exception:  # a failed pass must not stop the worker; the next pass tries again
        logger.exception("recovery pass failed")
    finally:
        close_old_connections()


def _keep_recovering(interval: float) -> None:
    try:
        while True:
            time.sleep(interval)
            _recover_once()
    finally:
        connections.close_all()
