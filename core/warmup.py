"""What a web worker loads before its first request, so that no visitor waits for it.

Without it, a worker's first request imports every app's URLs and views (about two seconds), and its first
search loads the marketplace's bitsets and the matching engine (the encoder and the listings' index:
about two more), and whoever asked waits. gunicorn runs `warm()`
in each worker once the application is loaded (`gunicorn.conf.py`), then moves what was loaded out of the
garbage collector's reach. Each app subscribes what its first requests would load, in its
AppConfig.ready(). A step that fails is logged and the worker serves anyway: it then loads on first use.
"""

import logging

from core.hooks import Hook

logger = logging.getLogger(__name__)

WARMING: Hook[[]] = Hook("warming")


def load_urls() -> None:
    """Import every app's URLs and views (Django does it on the first request: about two seconds)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf


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
