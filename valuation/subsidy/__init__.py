"""The valuation-fee subsidy programme (e.g. Hong Kong's IP-financing valuation subsidy): operator
settings, applications with an eligibility check, a yearly quota, approval and the payout record."""
