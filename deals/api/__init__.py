"""The deal rooms' REST API (/api/v1/deals): the same services and the same access rules as the pages."""

from ninja import Router

from deals.api import after, documents, rooms, talk, terms

router = Router()
for part in (rooms, documents, terms, after, talk):
    router.add_router("", part.router)
