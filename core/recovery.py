"""Recovering from processes that died mid-work (kill -9, a crash, a lost machine).

A task worker or an importer that is killed leaves rows saying it is still at work: a task RUNNING for
ever, an import run never finished. `recover()` runs when the platform starts (`./run`), when a task
worker starts (`ipharbour worker`, and every minute while it runs) and on demand (`ipharbour recover`):
it finds the work whose process is gone and settles it.

A process is known by "host:pid" (`this_process()`). On the same host a dead process is certain (the pid
no longer runs); for another host, or a task worker started without such an id, the work is taken as
abandoned only when it has shown no progress for RECOVERY_STALE_AFTER.
"""

import datetime
import logging
import os
import socket
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from core.events import record_event
from core.hooks import Hook

logger = logging.getLogger("ipharbour.recovery")

HOST_LENGTH = 40  # a worker id is at most 64 characters: host, pid and a random token
# A task whose worker died this many times is not requeued again: it may be what kills its worker.
MAX_ATTEMPTS = 3


def idempotent(func):
    """Mark a task function as safe to run again from the start when its worker died mid-run (it re-reads
    its objects by id and skips what is done). Put it under @task(). Tasks without it are marked failed."""
    func.requeue_on_worker_death = True
    return func


def _requeueable(task) -> bool:
    try:
        return bool(getattr(task.task.func, "requeue_on_worker_death", False))
    except Exception:  # a task whose code is gone (renamed, removed) is not run again
        return False


def _host() -> str:
    return socket.gethostname()[:HOST_LENGTH]


def this_process() -> str:
    """This process as "host:pid"."""
    return f"{_host()}:{os.getpid()}"


def new_worker_id() -> str:
    """A task worker id that says where the worker runs: "host:pid:token"."""
    return f"{this_process()}:{get_random_string(8)}"


def process_alive(process: str) -> bool | None:
    """Whether the "host:pid[:…]" process runs: True or False on this host, None when it cannot be told
    (another host, or not such an id). A pid that was reused by another process counts as alive, so that
    work is never taken from a process that may still be doing it."""
    host, _, rest = process.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != _host() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    # A killed child that its parent has not reaped yet still answers kill(pid, 0).
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in {"Z", "X"}
    except (OSError, IndexError):
        return False


def stale_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.RECOVERY_STALE_AFTER)


def abandoned(process: str, last_sign_of_life: datetime.datetime | None) -> bool:
    """Whether work held by `process`, last seen progressing at `last_sign_of_life`, was abandoned."""
    alive = process_alive(process) if process else None
    if alive is not None:
        return not alive
    return last_sign_of_life is None or last_sign_of_life < stale_before()


@dataclass
class Recovered:
    """What one recovery pass settled."""

    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    runs: list[int] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.requeued or self.failed or self.runs)


# Other apps' steps, run after the tasks': each subscribes in its AppConfig.ready() (the shared kernel
# imports no domain app), e.g. the registry settles interrupted import runs.
RECOVERING: Hook[[Recovered]] = Hook("recovering")


def recover_tasks(recovered: Recovered) -> None:
    """Requeue (idempotent tasks) or fail (the others) the RUNNING tasks whose worker is gone."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    for task in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).order_by("started_at"):
        worker = task.worker_ids[-1] if task.worker_ids else ""
        if not abandoned(worker, task.started_at):
            continue
        requeue = len(task.worker_ids) < MAX_ATTEMPTS and _requeueable(task)
        with transaction.atomic():
            # Conditional, so that a task its worker finishes meanwhile, or another recovery settles, is left.
            still = DBTaskResult.objects.filter(
                pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
            )
            if requeue:
                changed = still.update(status=TaskResultStatus.READY, started_at=None)
            else:
                changed = still.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path="core.recovery.WorkerDied",
                    traceback=f"The worker {worker or '(unknown)'} stopped while running this task.",
                )
            if changed:
                kind = "task.requeued" if requeue else "task.failed"
                record_event(task, kind, worker=worker, task=task.task_path, attempts=len(task.worker_ids))
        if changed:
            (recovered.requeued if requeue else recovered.failed).append(str(task.pk))
            logger.warning(
                "task %s (%s) of dead worker %s %s",
                task.pk,
                task.task_path,
                worker,
                "requeued" if requeue else "failed",
            )


def recover() -> Recovered:
    """One recovery pass over tasks and every app's interrupted work (safe to run at any time)."""
    recovered = Recovered()
    recover_tasks(recovered)
    RECOVERING.announce(recovered)
    return recovered
