"""Links a higher app puts on a lower app's page, without the lower app importing it.

A page names its place and, when it shows one object, passes it: ``{% load links %}{% related_links
"marketplace" %}`` or ``{% related_links "asset" asset %}``. An app registers in its AppConfig.ready()
``register_links(place, provider)``; provider(user, obj) → the links this person may follow from there (the
financing app's collateral auctions on the marketplace and on the auctioned asset's page). A provider
looks objects up through their access choke point, so a link never reveals what the person may not see.
"""

from collections.abc import Callable, Iterable
from typing import Any

from core.access import Person
from core.home import Shortcut
from core.hooks import add_once

LinkProvider = Callable[[Any, Any], Iterable[Shortcut]]

_places: dict[str, list[LinkProvider]] = {}


def register_links(place: str, provider: LinkProvider) -> None:
    add_once(_places.setdefault(place, []), provider)


def links_for(place: str, user: Person | None, obj: Any = None) -> list[Shortcut]:
    return [link for provider in _places.get(place, []) for link in provider(user, obj)]
