"""What the valuation app announces to higher apps, which subscribe in their AppConfig.ready()
(e.g. financing re-checks the loan-to-value of loans secured by the asset)."""

from django.dispatch import Signal

# Sent inside the transaction of a revaluation with `valuation` and its new `run`.
revalued = Signal()
