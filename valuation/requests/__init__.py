"""Valuation on request: an owner asks a valuer organisation from its published fee list; the valuer accepts
(a draft valuation opens for it), works on it, finalises and delivers; the fee leads to the subsidy
application."""
