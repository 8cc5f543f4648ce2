"""The results fragment of the marketplace page, put together from pieces rather than one template.

Each card's HTML is written once per language and kept with the card (cards.CardCache keeps a card only
while its row is unchanged, and a card holds nothing but the public teaser), so a page of results joins
twenty strings instead of rendering twenty cards. Cards and facet links are written out here rather than
in templates: at this rate one template tag per link or card field costs more than the whole search.
"""

from functools import lru_cache
from html import escape
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from listings import territories
from listings.cards import ListingCard
from listings.models import Listing
from listings.search import FACETS, PREFIX, SearchResult
from listings.templatetags.listings_tags import amount

_ON = ' class="on"'
LINK_PARAMETERS = ("q", *PREFIX)  # what a link on the page carries on (the page has no other parameter)


def link_parameters(params) -> dict[str, str]:
    """The search parameters the page's links keep, in a fixed order (never a visitor's other ones)."""
    return {name: params.get(name, "") for name in LINK_PARAMETERS if params.get(name, "")}


def card_html(card: ListingCard, language: str) -> str:
    found = card.rendered.get(("html", language))
    if found is None:
        with translation.override(language):
            found = card.rendered["html", language] = _card_markup(card)
    return found


def _card_markup(card: ListingCard) -> str:
    tags = [
        card.get_deal_type_display(),
        card.get_corridor_display(),
        territories.describe(card.territories or []),
    ]
    labels = " ".join(f'<span class="tag">{escape(tag)}</span>' for tag in tags)
    if card.status == Listing.Status.UNDER_NEGOTIATION:
        labels += f' <span class="tag warn">{escape(_("Under negotiation"))}</span>'
    facts = [card.organisation.name, card.seller_country, card.published_on]
    if card.upfront_min is not None:
        facts.append(f"{_('upfront from')} {card.currency} {amount(card.upfront_min)}")
    url = reverse("listings:detail", args=[card.id])
    return (
        '<article class="result listing">\n'
        f'      <h3><a href="{url}">{escape(card.title)}</a></h3>\n'
        f"      <div>{labels}</div>\n"
        f'      <p class="muted">{" · ".join(escape(fact) for fact in facts if fact)}</p>\n'
        f"      <p>{escape(card.teaser)}</p>\n"
        "    </article>\n"
    )


@lru_cache(maxsize=4096)
def _pair(name: str, value: str) -> str:
    return urlencode({name: value})


def _link(name: str, value: dict, others: str, current: str) -> str:
    on = current == value["value"]
    query = others if on else "&".join(filter(None, [others, _pair(name, value["value"])]))
    return (
        f'<li><a{_ON if on else ""} href="?{escape(query)}"><span>{escape(value["label"])}</span>'
        f'<span class="count">{value["count"]:,}</span></a></li>'
    )


def facets_html(params: dict[str, str], facets: dict[str, list[dict]]) -> str:
    """Each facet value with the link that sets it (or clears it when set), on the first page."""
    parts = []
    for name, values in facets.items():
        if values:
            others = urlencode({key: value for key, value in params.items() if key != name})
            links = "".join(_link(name, value, others, params.get(name, "")) for value in values)
            parts.append(f"<h3>{escape(str(FACETS[name]))}</h3>\n    <ul>{links}</ul>")
    return "\n    ".join(parts)


# On a narrow screen the filters fold behind this toggle, below the results' count (CSS only, site.css).
FOLD = (
    '  <input type="checkbox" id="show-filters" class="fold-toggle">'
    '<label for="show-filters" class="fold-label button secondary small">%(label)s</label>\n'
)


def results_html(result: SearchResult, params: dict[str, str], language: str) -> str:
    """Facets, count, cards and the link to the next page (the view has `language` active)."""
    total = ngettext("%(counter)s listing", "%(counter)s listings", result.total) % {"counter": result.total}
    cards = "".join(card_html(card, language) for card in result.listings)
    if not cards:
        cards = f"<p>{escape(_('No listing matches. Try fewer words, or remove a filter.'))}</p>"
    facets = facets_html(params, result.facets)
    if facets:  # an empty filter box is not drawn
        label = escape(_("Filters"))
        aside = f'  <aside class="facet card" aria-label="{label}">\n    {facets}\n  </aside>\n'
        facets = FOLD % {"label": label} + aside
    return (
        f'<div class="search-layout">\n{facets}'
        f'  <section aria-live="polite">\n    <p class="muted">{escape(total)}</p>\n'
        f"    {cards}\n    {_pager(result, params)}\n  </section>\n</div>\n"
    )


def _pager(result: SearchResult, params: dict[str, str]) -> str:
    if not result.next_cursor:
        return ""
    href = escape("?" + urlencode({**params, "cursor": result.next_cursor}))
    label, more = escape(_("Pages")), escape(_("More listings"))
    return f'<nav class="pager" aria-label="{label}"><a href="{href}">{more} →</a></nav>'
