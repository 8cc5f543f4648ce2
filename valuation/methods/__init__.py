"""Valuation methods as pure functions: parsed inputs in, a result dataclass out.

No database and no request here: callers resolve figures (phase-transition tables, royalty ranges, tax
rates) and hand them in, so that every method can be tested, benchmarked and re-run from its inputs alone.
Each result carries its inputs, its formula as text, its intermediate rows and the sources of its figures.
"""
