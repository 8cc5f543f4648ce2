"""Tasks for the fault-injection test: each says it started, then waits until a file appears."""

import time
from pathlib import Path

from django_tasks import task

from core.recovery import idempotent

# Above the platform's own tasks, so that the workers under test take these first.
PRIORITY = 10


def _wait(started: str, go: str) -> str:
    Path(started).touch()
    while not Path(go).exists():
        time.sleep(0.05)
    return "done"


@task(priority=PRIORITY)
@idempotent
def wait_then_finish(started: str, go: str) -> str:
    """Safe to run again: requeued when its worker dies."""
    return _wait(started, go)


@task(priority=PRIORITY)
def wait_once(started: str, go: str) -> str:
    """Not marked idempotent: failed, not requeued, when its worker dies."""
    return _wait(started, go)
