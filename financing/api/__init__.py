"""The financing API under /api/v1/financing: parse → restrict → one service call → schema."""

from ninja import Router

from financing.api import disposals, leasebacks, loans, programmes

router = Router(tags=["financing"])
router.add_router("/programmes", programmes.router)
router.add_router("/loans", loans.router)
router.add_router("/disposals", disposals.router)
router.add_router("/licence-backs", leasebacks.router)
