"""Writing CSV and XLSX exports safely: no cell may start a formula, and no number loses a digit.

Imported and user-entered text is stored as given, including cells that begin with =, +, -, @, a tab or a
carriage return. A spreadsheet program opening an export would run such a cell as a formula (CSV injection),
so every export writes cells through `neutralise`, which prefixes them with an apostrophe as OWASP
recommends (https://owasp.org/www-community/attacks/CSV_Injection). Numbers are written as numbers.

An XLSX cell holds a number as a binary double: `SafeWorkbook` writes a Decimal as a number only when the
double reads back as exactly the same decimal, and as text otherwise, so an export never rounds an amount.
A `Money` cell is a number formatted with its currency ("#,##0.00 "HKD""), so amounts keep their currency.
"""

import csv
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from core.money import CURRENCIES, Money

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


def exact_float(value: Decimal) -> float | None:
    """The double that holds `value` exactly as written (1234.50 → 1234.5), or None if none does."""
    number = float(value)
    return number if Decimal(repr(number)) == value else None


class SafeSheet:
    """One worksheet of a SafeWorkbook, written row by row like a csv.writer."""

    def __init__(self, book: "SafeWorkbook", sheet: Any):
        self._book, self._sheet, self._row = book, sheet, 0

    def writerow(self, row: Iterable[Any]) -> None:
        for column, cell in enumerate(row):
            self._book.write(self._sheet, self._row, column, cell)
        self._row += 1

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class SafeWorkbook:
    """An XLSX workbook (XlsxWriter) whose text cells are neutralised and whose numbers keep every digit;
    the only way the platform writes XLSX."""

    def __init__(self, stream: IO[bytes]):
        options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        self._book = xlsxwriter.Workbook(stream, options)
        self._formats: dict[str, Any] = {}

    def sheet(self, name: str) -> SafeSheet:
        return SafeSheet(self, self._book.add_worksheet(name[:31]))

    def _format(self, pattern: str) -> Any:
        if pattern not in self._formats:
            self._formats[pattern] = self._book.add_format({"num_format": pattern})
        return self._formats[pattern]

    def write(self, sheet: Any, row: int, column: int, cell: Any) -> None:
        if isinstance(cell, Money):
            places = CURRENCIES.get(cell.currency, 2)
            pattern = "#,##0" + ("." + "0" * places if places else "") + f' "{cell.currency}"'
            self._number(sheet, row, column, cell.amount, pattern)
        elif isinstance(cell, Decimal):
            places = max(0, -int(cell.as_tuple().exponent)) if cell.is_finite() else 0
            self._number(sheet, row, column, cell, "0" + ("." + "0" * places if places else ""))
        elif isinstance(cell, bool) or cell is None:
            sheet.write_string(row, column, "" if cell is None else str(cell).lower())
        elif isinstance(cell, int):
            self._number(sheet, row, column, Decimal(cell), "0")
        elif isinstance(cell, datetime.date):
            sheet.write_string(row, column, cell.isoformat())
        else:
            sheet.write_string(row, column, neutralise(str(cell)))

    def _number(self, sheet: Any, row: int, column: int, value: Decimal, pattern: str) -> None:
        exact = exact_float(value) if value.is_finite() else None
        if exact is None:
            sheet.write_string(row, column, str(value))
        else:
            sheet.write_number(row, column, exact, self._format(pattern))

    def close(self) -> None:
        self._book.close()
