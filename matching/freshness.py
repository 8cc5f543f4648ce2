"""How far the search index is behind the registry, so that searches can say so instead of silently
returning fewer results.

An asset waits when it has no indexed row yet or changed after its row was written (`index_assets`
touches the rows of unchanged assets too, so only real changes wait).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from assets.models import Asset
from matching.models import IndexedDocument

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


def asset_backlog(user: Any = None) -> Backlog:
    """How many of the assets `user` may see wait for the matching index (None: the public ones), so that
    a count never tells anyone about assets they may not see."""
    current = IndexedDocument.objects.filter(
        namespace=IndexedDocument.Namespace.ASSETS,
        object_id=OuterRef("pk"),
        updated_at__gte=OuterRef("updated_at"),
    )
    return Backlog(Asset.objects.visible_to(user).exclude(Exists(current)).count())
