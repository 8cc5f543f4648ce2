"""The disputes API (/api/v1/disputes): the same permissions as the pages; outsiders get 404."""

from disputes.api import cases, neutrals, proceedings, roster  # noqa: F401  (they register their endpoints)
from disputes.api.base import router

__all__ = ["router"]
