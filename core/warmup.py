"""What a web worker loads before its first request, so that no visitor waits for it.

Without it, a worker's first request imports every app's URLs and views (about two seconds), a page's
first rendering compiles its templates, and the first search loads the marketplace's bitsets and the
matching engine (the encoder and the listings' index: about two more), and whoever asked waits.
gunicorn runs `warm()` in each worker once the application is loaded (`gunicorn.conf.py`), then moves
what was loaded out of the garbage collector's reach. Each app subscribes what its first requests would
load, in its AppConfig.ready(). A step that fails is logged and the worker serves anyway: it then loads on
first use.
"""

import logging
from pathlib import Path

from core.hooks import Hook

logger = logging.getLogger(__name__)

WARMING: Hook[[]] = Hook("warming")


def load_urls() -> None:
    """Import every app's URLs and views (Django does it on the first request: about two seconds), and
    work out their reverse table in each language (at the first link a page of that language makes)."""
    from django.conf import settings
    from django.urls import get_resolver, reverse
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("home")


def load_templates() -> int:
    """Compile the platform's own templates (each is compiled at its first use otherwise: a page's first
    rendering took 50-200 ms more); returns how many."""
    from django.conf import settings
    from django.template import engines
    from django.template.loader import get_template

    names: set[str] = set()
    for loader in engines["django"].engine.template_loaders:  # type: ignore[attr-defined]
        for source in getattr(loader, "loaders", [loader]):
            for directory in map(Path, source.get_dirs()):
                if directory.is_relative_to(settings.BASE_DIR) and ".venv" not in directory.parts:
                    names.update(str(path.relative_to(directory)) for path in directory.rglob("*.html"))
    for name in sorted(names):
        get_template(name)
    return len(names)


def warm() -> int:
    """Run every app's warm-up step; returns how many succeeded."""
    done = 0
    for step in list(WARMING.subscribers):
        try:
            step()
        except Exception:  # a worker that could not warm up still serves, and loads on first use
            logger.exception(
                "warming up %s failed; it loads on first use", getattr(step, "__qualname__", step)
            )
        else:
            done += 1
    return done
