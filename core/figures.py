"""Published reference figures (figures.json) with the operator's overrides on top.

Every engine asks for a figure by its dotted key and gets the value together with its source, so that
each computed result can say where its inputs came from.
"""

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import NotFound


@dataclass(frozen=True)
class Figure:
    key: str
    value: Any
    source: str


@functools.cache
def published() -> dict:
    """figures.json as shipped beside the platform; empty when the file is absent."""
    try:
        return json.loads(settings.FIGURES_PATH.read_text(), parse_float=Decimal)
    except FileNotFoundError:
        return {}


def _nearest_source(document: dict, parts: list[str]) -> str:
    node: Any = document
    source = ""
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            break
        source = node.get("source", source) if isinstance(node.get("source"), str) else source
        node = node[part]
        if isinstance(node, dict) and isinstance(node.get("source"), str):
            source = node["source"]
    return source


def figure(key: str) -> Figure:
    """The figure at `key` (dots separate levels): an operator override if set, else the published one."""
    from core.models import FigureSetting

    override = FigureSetting.objects.filter(key=key).first()
    if override is not None:
        return Figure(key, override.value, override.source)
    parts = key.split(".")
    node: Any = published()
    for part in parts:
        if not isinstance(node, dict) or part not in node:
            raise NotFound(
                _(
                    "The figure %(key)s is not set: point IPHARBOUR_FIGURES at figures.json "
                    "or set it in the back office."
                )
                % {"key": key}
            )
        node = node[part]
    return Figure(key, node, _nearest_source(published(), parts))
