"""The marketplace page around its results, for visitors who are not logged in.

Header, navigation, search form and footer are the same for every anonymous visitor in one language but
for a few values of their own: the CSRF token, the current path (the language form's "next"), the words
and filters of the search. So the page is rendered through its templates once per language with marks
in those places, and each anonymous request fills the marks in. A logged-in member, or a visitor with
messages to show, gets the page rendered in full: nothing of one user is ever kept for another.
"""

import re
import threading
from html import escape

from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core.signals import setting_changed
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from listings.search import PREFIX

TEMPLATE = "listings/browse.html"
_MARK = re.compile(r"__frame_([a-z]+)_mark__")


def _mark(name: str) -> str:
    return f"__frame_{name}_mark__"


class _MarkedPath:
    """Stands for the request in the frame: only its path is shown (the language form's "next")."""

    def get_full_path(self) -> str:
        return _mark("path")


def context(request: HttpRequest, results: str) -> dict:
    """The page's own context (the same whether it comes from the frame or is rendered in full)."""
    filters = {name: request.GET.get(name, "") for name in PREFIX}
    hidden = "".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in filters.items()
        if value
    )
    return {
        "results": mark_safe(results),
        "query": request.GET.get("q", ""),
        "hidden_inputs": mark_safe(hidden),
    }


def _render_frame(language: str) -> list[str]:
    """The page rendered with marks, split so that every odd item names the value that goes there."""
    stand_in = HttpRequest()
    stand_in.user = AnonymousUser()
    with translation.override(language):
        values: dict = {}
        for processor in engines["django"].engine.template_context_processors:  # type: ignore[attr-defined]
            values.update(processor(stand_in))
        values |= {"request": _MarkedPath(), "user": AnonymousUser(), "messages": []}
        values |= {"csrf_token": _mark("csrf"), "query": _mark("query")}
        values |= {"results": mark_safe(_mark("results")), "hidden_inputs": mark_safe(_mark("hidden"))}
        return _MARK.split(render_to_string(TEMPLATE, values))


class Frames:
    def __init__(self) -> None:
        self.pieces: dict[str, list[str]] = {}
        self.lock = threading.Lock()

    def get(self, language: str) -> list[str]:
        with self.lock:
            if language not in self.pieces:
                self.pieces[language] = _render_frame(language)
            return self.pieces[language]

    def clear(self, **_kwargs) -> None:
        with self.lock:
            self.pieces.clear()


frames = Frames()
setting_changed.connect(frames.clear)  # tests change templates, languages or static settings


def fits(request: HttpRequest) -> bool:
    """Whether the frame may serve this request: an anonymous visitor with no message waiting."""
    return not request.user.is_authenticated and not get_messages(request)


def page(request: HttpRequest, language: str, results: str) -> str:
    own = context(request, results)
    values = {
        "csrf": get_token(request),
        "path": escape(request.get_full_path()),
        "query": escape(own["query"]),
        "hidden": own["hidden_inputs"],
        "results": results,
    }
    pieces = list(frames.get(language))
    for index in range(1, len(pieces), 2):
        pieces[index] = values[pieces[index]]
    return "".join(pieces)
