"""How far the search index is behind the registry, so that searches can say so instead of silently
returning fewer results.

An asset waits from its last save (`Asset.save` sets `index_pending`) until the indexer has read it
(`matching.indexing` clears the flag); a partial index holds only the waiting assets, so counting them
costs what waits, not the size of the registry.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import AnyUser
from assets.models import Asset

CATCH_UP_COMMAND = "ipharbour matching rebuild"
CATCH_UP_WORKER = "ipharbour db_worker"


@dataclass(frozen=True)
class Backlog:
    """Assets the index does not reflect yet, and what brings it up to date."""

    waiting: int
    command: str = CATCH_UP_COMMAND
    worker: str = CATCH_UP_WORKER

    @property
    def behind(self) -> bool:
        return self.waiting > 0

    def message(self) -> str:
        return _(
            "The search index is behind the registry: %(count)d assets wait to be indexed, so results may "
            "be incomplete. The task worker (`%(worker)s`) catches up; `%(command)s` rebuilds the index."
        ) % {"count": self.waiting, "worker": self.worker, "command": self.command}

    def as_dict(self) -> dict:
        return {
            "behind": self.behind,
            "waiting": self.waiting,
            "command": self.command,
            "worker": self.worker,
        }


def asset_backlog(user: AnyUser | None = None) -> Backlog:
    """How many of the assets `user` may see wait for the matching index (None: the public ones), so that
    a count never tells anyone about assets they may not see."""
    return Backlog(Asset.objects.visible_to(user).filter(index_pending=True).count())
