"""The financing app's models, one module per sub-domain."""

from financing.models.disposal import Bid, Disposal, LossAllocation
from financing.models.leaseback import LicenceBack, RoyaltyPayment
from financing.models.loan import Decision, Loan, LoanAsset
from financing.models.programme import Programme
from financing.models.servicing import CovenantAlert, Instalment, Payment, SubsidyClaim

__all__ = [
    "Bid",
    "CovenantAlert",
    "Decision",
    "Disposal",
    "Instalment",
    "LicenceBack",
    "Loan",
    "LoanAsset",
    "LossAllocation",
    "Payment",
    "Programme",
    "RoyaltyPayment",
    "SubsidyClaim",
]
