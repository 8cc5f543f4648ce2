"""Choices shared by listings and needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DealType(models.TextChoices):
    EXCLUSIVE_LICENCE = "exclusive_licence", _("Exclusive licence")
    SOLE_LICENCE = "sole_licence", _("Sole licence")
    NON_EXCLUSIVE_LICENCE = "non_exclusive_licence", _("Non-exclusive licence")
    ASSIGNMENT = "assignment", _("Assignment / sale")
    CO_DEVELOPMENT = "co_development", _("Co-development")
    EQUITY_CONTRIBUTION = "equity_contribution", _("Equity contribution (作價入股)")
    OPEN_LICENCE = "open_licence", _("Open licence (专利开放许可)")


# Deals that grant a licence, and among them those that exclude others in their territory.
LICENCES = frozenset(
    {
        DealType.EXCLUSIVE_LICENCE,
        DealType.SOLE_LICENCE,
        DealType.NON_EXCLUSIVE_LICENCE,
        DealType.OPEN_LICENCE,
    }
)
EXCLUSIVE = frozenset({DealType.EXCLUSIVE_LICENCE, DealType.SOLE_LICENCE})
# Deals that move the right itself to someone else.
TRANSFERS = frozenset({DealType.ASSIGNMENT, DealType.EQUITY_CONTRIBUTION})


class Corridor(models.TextChoices):
    MAINLAND_TO_OVERSEAS = "mainland_to_overseas", _("Mainland → overseas")
    OVERSEAS_TO_MAINLAND = "overseas_to_mainland", _("Overseas → mainland")
    ANY = "any", _("Any direction")


class PaymentMethod(models.TextChoices):
    LUMP_SUM = "lump_sum", _("Lump sum on taking the licence")
    ANNUAL_FEE = "annual_fee", _("Annual fee")
    ROYALTY_QUARTERLY = "royalty_quarterly", _("Royalty on net sales, paid quarterly")
    FEE_AND_ROYALTY = "fee_and_royalty", _("Entry fee plus royalty on net sales")
