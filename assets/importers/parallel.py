"""A function mapped over items in worker processes: results in order, a bounded number in flight.

Parsing a USPTO XML document costs more than writing it, so bulk files are parsed by a few worker
processes while this one writes. The workers are forked after Django is set up, so the function (and what
it holds: term rules, field preparations) is inherited rather than pickled. Items should be small (a part
of a file to read, not its bytes): moving megabytes through pipes between busy Python processes costs
more than reading them again from the file.

This process has no helper threads: it sends each item straight down one worker's pipe (round robin) and
reads the results back from that worker's queue in the same order. (concurrent.futures and
multiprocessing.Pool move items and results with threads of this process, which then wait for the
interpreter lock while this process writes to the database, and the workers wait for them.)

Workers never use the database: a query there would go through the parent's connection, so every
connection they inherit refuses to run one.
"""

import multiprocessing
import os
import queue
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from django.db import connections

POLL_SECONDS = 1.0  # how often a wait for a result checks that the worker is still alive


def can_fork() -> bool:
    """Worker processes are forked; where they cannot be (Windows), everything runs in this process."""
    return "fork" in multiprocessing.get_all_start_methods()


class WorkerFailed(RuntimeError):
    """A worker process raised (its traceback is the message) or ended."""


class OrderedPool:
    """Maps one function over items in `workers` forked processes; use as a context manager.

    This process takes a turn too: when the oldest result is not ready yet, rather than wait for it, it
    works out the next item itself (up to `window` more), so that no core idles while work is left."""

    def __init__(self, function: Callable[[Any], Any], workers: int, *, window: int = 64):
        self.function = function
        self.window = window  # items in flight: memory stays bounded however many items there are
        context = multiprocessing.get_context("fork")
        self.workers = [_Worker(context, function) for _n in range(workers)]

    def __enter__(self) -> "OrderedPool":
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        for worker in self.workers:
            worker.stop(now=exc_type is not None)

    def map(self, items: Iterable[Any]) -> Iterator[Any]:
        """The function's result for each item, in the items' order.

        If producing the items fails part-way (a file that cannot be read), the results for the items
        before are still given, then the error is raised, as it would be without workers."""
        pending: deque[_Worker | _Done] = deque()
        source = _Items(items)
        turn = 0
        while True:
            while len(pending) < self.window and source.more():
                worker = self.workers[turn % len(self.workers)]
                worker.tasks.send(source.take())
                pending.append(worker)
                turn += 1
            if not pending:
                break
            if not pending[0].ready() and len(pending) < 2 * self.window and source.more():
                pending.append(_Done(self.function(source.take())))
                continue
            yield pending.popleft().result()
        source.raise_error()


class _Items:
    """The items, one ahead, holding back an error in producing them until it is asked for."""

    def __init__(self, items: Iterable[Any]):
        self.items = iter(items)
        self.error: Exception | None = None
        self.next: list[Any] = []

    def more(self) -> bool:
        if not self.next and self.error is None:
            try:
                self.next.append(next(self.items))
            except StopIteration:
                pass
            except Exception as error:  # raised again once the items before are done
                self.error = error
        return bool(self.next)

    def take(self) -> Any:
        return self.next.pop()

    def raise_error(self) -> None:
        if self.error is not None:
            raise self.error


class _Done:
    def __init__(self, value: Any):
        self.value = value

    def ready(self) -> bool:
        return True

    def result(self) -> Any:
        return self.value


class _Worker:
    def __init__(self, context, function: Callable[[Any], Any]):
        receiving, self.tasks = context.Pipe(duplex=False)
        self.results = context.Queue()
        self.process = context.Process(target=_work, args=(function, receiving, self.results), daemon=True)
        self.process.start()
        receiving.close()

    def ready(self) -> bool:
        return not self.results.empty()

    def result(self) -> Any:
        while True:
            try:
                status, value = self.results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not self.process.is_alive():
                    raise WorkerFailed(f"worker process {self.process.pid} ended unexpectedly") from None
                continue
            if status == "error":
                raise WorkerFailed(value)
            return value

    def stop(self, *, now: bool) -> None:
        if now:
            self.process.terminate()
        else:
            self.tasks.send(None)
        self.process.join()
        self.tasks.close()
        self.results.close()


def _work(function: Callable[[Any], Any], tasks: Connection, results) -> None:
    """A worker's life: items in, results out (sent by the queue's own thread, so that the worker goes on
    with its next item while this one's result travels), until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process to handle
    for connection in connections.all():  # those not yet opened too: a worker opens none of its own
        connection.execute_wrappers.append(_refuse_queries)
    while (item := tasks.recv()) is not None:
        try:
            results.put(("done", function(item)))
        except Exception:
            results.put(("error", traceback.format_exc()))
    results.close()
    results.join_thread()


def _refuse_queries(*args: Any) -> None:
    raise RuntimeError(f"worker process {os.getpid()} must not use the database")
