"""How a lower app tells higher ones what happened, without importing them.

Imports point down the house (core ← accounts, ledger ← assets ← … ← demo). When the registry must let the
matching indexes, the valuations or the marketplace know that an asset changed, it does not call them: it
announces the fact on a `Hook` it owns, and each higher app subscribes its reaction in its
`AppConfig.ready()`:

    # assets/services.py                          # matching/apps.py, in ready()
    ASSETS_WRITTEN = Hook("assets written")        ASSETS_WRITTEN.subscribe(schedule_index)
    ASSETS_WRITTEN.announce([asset.pk])

Subscribers run in the order they subscribed, synchronously, inside the announcer's transaction (so a
failure rolls the change back, and work for later is queued with `transaction.on_commit`). A hook is a
plain object rather than a Django signal on purpose: business flow stays explicit and easy to follow
from the announcement to each subscriber, and subscribing twice (ready() runs again in some test set-ups)
changes nothing.
"""

from collections.abc import Callable
from typing import Any, Generic, ParamSpec

P = ParamSpec("P")


def add_once(registry: list, entry: Any) -> None:
    """Append to a registry of providers or subscribers unless already there: ready() may run more than once
    (tests, autoreload), and registering twice must change nothing."""
    if entry not in registry:
        registry.append(entry)


class Hook(Generic[P]):
    """One kind of announcement ("assets written", "trials linked") and its subscribers."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.subscribers: list[Callable[P, object]] = []

    def subscribe(self, subscriber: Callable[P, object]) -> Callable[P, object]:
        """Add a subscriber (once); returns it, so that it can be used as a decorator."""
        add_once(self.subscribers, subscriber)
        return subscriber

    def announce(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Call every subscriber with the announcement's arguments."""
        for subscriber in list(self.subscribers):
            subscriber(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.subscribers)} subscribers>"
