"""Writing CSV (and any other spreadsheet) exports safely: no cell may start a formula.

Imported and user-entered text is stored as given, including cells that begin with =, +, -, @, a tab or a
carriage return. A spreadsheet program opening an export would run such a cell as a formula (CSV injection),
so every export writes cells through `neutralise`, which prefixes them with an apostrophe as OWASP
recommends (https://owasp.org/www-community/attacks/CSV_Injection). Numbers are written as numbers.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell as an export writes it: text that a spreadsheet would read as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows are neutralised cell by cell; the only way the platform writes CSV."""

    def __init__(self, stream, **options: Any):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
