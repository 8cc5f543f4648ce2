"""The marketplace's REST API (/api/v1/listings): parse → visible_to → one service call → schema."""

from listings.api import alerts, deals, market, needs

router = market.router
router.add_router("/needs", needs.router)
router.add_router("", alerts.router)
router.add_router("", deals.router)
