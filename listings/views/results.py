"""The results fragment of the marketplace page: facets, count, cards and the next page's link.

The markup is in templates (listings/_results.html, listings/_card.html); this module only prepares what
they show. Each card's HTML is rendered once per language and kept with the card (cards.CardCache keeps a
card only while its row is unchanged, and a card holds nothing but the public teaser), so a page of results
joins twenty kept fragments instead of rendering twenty cards.
"""

from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from listings.cards import ListingCard
from listings.search import FACETS, PREFIX, SearchResult

LINK_PARAMETERS = ("q", *PREFIX)  # what a link on the page carries on (the page has no other parameter)


def link_parameters(params) -> dict[str, str]:
    """The search parameters the page's links keep, in a fixed order (never a visitor's other ones)."""
    return {name: params.get(name, "") for name in LINK_PARAMETERS if params.get(name, "")}


def card_html(card: ListingCard, language: str) -> str:
    """The card's title, tags and facts, rendered once per language (the teaser, where the words a search
    matched are marked, is rendered with the results)."""
    found = card.rendered.get(("html", language))
    if found is None:
        with translation.override(language):
            context = {"card": card, "shown": card.shown(language)}
            html = render_to_string("listings/_card.html", context)
            found = card.rendered["html", language] = mark_safe(html)
    return found


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return urlencode({name: value})


def facet_links(params: dict[str, str], facets: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """The facets with a value, each value with the query that sets it (or clears it when set)."""
    shown = []
    for name, values in facets.items():
        if not values:
            continue  # an empty facet is not drawn
        others = urlencode({key: value for key, value in params.items() if key != name})
        current = params.get(name, "")
        links = [
            {
                **value,
                "on": current == value["value"],
                "query": others
                if current == value["value"]
                else "&".join(filter(None, [others, _pair(name, value["value"])])),
            }
            for value in values
        ]
        shown.append({"name": name, "title": FACETS[name], "values": links})
    return shown


def results_html(result: SearchResult, params: dict[str, str], language: str) -> str:
    """Facets, count, cards and the link to the next page (the view has `language` active)."""
    context = {
        "facets": facet_links(params, result.facets),
        "total": result.total,
        "cards": [
            {"card": card, "head": card_html(card, language), "teaser": card.teaser(language)}
            for card in result.listings
        ],
        "terms": result.terms,
        "next_page": urlencode({**params, "cursor": result.next_cursor}) if result.next_cursor else "",
    }
    return render_to_string("listings/_results.html", context)
