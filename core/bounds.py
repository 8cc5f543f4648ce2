"""Bounds for the integers the API reads: every id, index, size and count fits a 64-bit database column.

A number past 2**63 - 1 reaches the database as an error (SQLite: "Python int too large to convert to
SQLite INTEGER"), so each integer a request carries is declared with one of these types and a larger one is
refused as invalid input before any query runs.
"""

from typing import Annotated

from pydantic import Field

MAX_INTEGER = 2**63 - 1  # the largest value of a 64-bit database integer (BigAutoField, BigIntegerField)

Id = Annotated[int, Field(ge=1, le=MAX_INTEGER)]
"""The id of a stored object."""

Index = Annotated[int, Field(ge=0, le=MAX_INTEGER)]
"""A position or size that starts at 0: a log index, a tree size."""

Number = Annotated[int, Field(ge=-MAX_INTEGER, le=MAX_INTEGER)]
"""Any other integer (a seed): bounded on both sides."""

Small = Annotated[int, Field(ge=0, le=32767)]
"""A small count stored in a small integer column: a phase, a number of days."""
