"""Recovery from dead processes, decided row by row: which tasks are requeued, failed or left alone, and
which import runs are closed (the fault-injection test with real processes is tests/test_faults.py)."""

import datetime
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from assets.models import ImportRun
from core import recovery
from core.events import events_for

pytestmark = pytest.mark.django_db
IDEMPOTENT, ONCE = "tests.fault_tasks.wait_then_finish", "tests.fault_tasks.wait_once"


@pytest.fixture(scope="module")
def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _running(task_path: str, *workers: str, started: datetime.datetime | None = None) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        task_path=task_path,
        args_kwargs={"args": ["started", "go"], "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=get_date_max(),
        started_at=started or timezone.now(),
        worker_ids=list(workers),
    )


def _status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


def test_this_process_is_alive_and_a_reaped_one_is_not(dead_pid):
    assert recovery.process_alive(recovery.new_worker_id()) is True
    host = recovery.this_process().split(":")[0]
    assert recovery.process_alive(f"{host}:{dead_pid}:token") is False
    assert recovery.process_alive(f"elsewhere.example:{os.getpid()}") is None
    assert recovery.process_alive("a-random-worker-id") is None


def test_an_idempotent_task_of_a_dead_worker_is_requeued_and_any_other_failed(dead_pid):
    host = recovery.this_process().split(":")[0]
    requeued, failed = _running(IDEMPOTENT, f"{host}:{dead_pid}:a"), _running(ONCE, f"{host}:{dead_pid}:b")
    recovered = recovery.recover()
    assert recovered.requeued == [str(requeued.pk)] and recovered.failed == [str(failed.pk)]
    assert _status(requeued) == TaskResultStatus.READY and requeued.started_at is None
    assert _status(failed) == TaskResultStatus.FAILED
    assert failed.exception_class_path == "core.recovery.WorkerDied"
    assert events_for(requeued).get().kind == "task.requeued"
    assert events_for(failed).get().kind == "task.failed"


def test_a_task_of_a_live_worker_is_left_running():
    task = _running(IDEMPOTENT, recovery.new_worker_id())
    assert not recovery.recover()
    assert _status(task) == TaskResultStatus.RUNNING


def test_a_task_whose_worker_cannot_be_checked_waits_for_the_stale_age(settings):
    settings.RECOVERY_STALE_AFTER = 3600
    recent = _running(IDEMPOTENT, "worker-on-another-host")
    old = _running(IDEMPOTENT, "worker-on-another-host", started=timezone.now() - datetime.timedelta(hours=2))
    recovery.recover()
    assert _status(recent) == TaskResultStatus.RUNNING
    assert _status(old) == TaskResultStatus.READY


def test_a_task_that_killed_its_worker_three_times_is_failed_not_requeued(dead_pid):
    host = recovery.this_process().split(":")[0]
    task = _running(IDEMPOTENT, *(f"{host}:{dead_pid}:{n}" for n in range(recovery.MAX_ATTEMPTS)))
    recovery.recover()
    assert _status(task) == TaskResultStatus.FAILED


def test_an_unfinished_import_of_a_dead_process_is_closed_with_its_counts(dead_pid):
    host = recovery.this_process().split(":")[0]
    dead = ImportRun.objects.create(kind=ImportRun.Kind.PATENTS, process=f"{host}:{dead_pid}", created=500)
    live = ImportRun.objects.create(kind=ImportRun.Kind.PATENTS, process=recovery.this_process())
    assert recovery.recover().runs == [dead.pk]
    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.interrupted and dead.finished_at is not None and dead.created == 500
    assert events_for(dead).filter(kind="import.interrupted").exists()
    assert live.finished_at is None and not live.interrupted


def test_trials_written_by_an_interrupted_run_are_linked(dead_pid, monkeypatch):
    from trials import services
    from trials.models import Trial

    linked: list[list[int]] = []
    monkeypatch.setattr(services, "link_trials", lambda *, trial_ids: linked.append(sorted(trial_ids)))
    host = recovery.this_process().split(":")[0]
    run = ImportRun.objects.create(kind=ImportRun.Kind.TRIALS, process=f"{host}:{dead_pid}")
    trial = Trial.objects.create(registry_id="NCT00000001", title="A trial")
    recovery.recover()
    assert linked == [[trial.pk]]
    run.refresh_from_db()
    assert run.interrupted


def test_every_task_of_the_platform_says_whether_it_may_be_requeued():
    from certification import tasks as certification_tasks
    from listings import tasks as listing_tasks
    from matching import tasks as matching_tasks
    from valuation import tasks as valuation_tasks

    for module in (certification_tasks, listing_tasks, matching_tasks, valuation_tasks):
        for name, value in vars(module).items():
            if hasattr(value, "enqueue") and hasattr(value, "func"):
                assert getattr(value.func, "requeue_on_worker_death", False), f"{module.__name__}.{name}"


def test_assets_written_by_an_interrupted_run_are_queued_for_indexing_again(dead_pid, monkeypatch, alice_org):
    from assets import services
    from tests.factories import make_asset

    queued: list[list[int]] = []
    monkeypatch.setattr(services.ASSETS_WRITTEN, "subscribers", [lambda ids: queued.append(list(ids))])
    host = recovery.this_process().split(":")[0]
    run = ImportRun.objects.create(kind=ImportRun.Kind.PATENTS, process=f"{host}:{dead_pid}")
    asset = make_asset(alice_org, number="CN950001A")
    recovery.recover()
    assert queued == [[asset.pk]]
    run.refresh_from_db()
    assert run.interrupted
