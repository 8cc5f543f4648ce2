"""The programme officer's report as CSV and XLSX: full precision, amounts with their currency, no formulas."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import pytest

from accounts.models import Organisation
from core.money import Money
from core.spreadsheets import SafeWorkbook
from financing.services import reports

pytestmark = pytest.mark.django_db


def _cells(data: bytes, sheet: int = 1) -> tuple[str, list[str]]:
    """The sheet's XML and the workbook's shared strings (enough to read back what was written)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        xml = book.read(f"xl/worksheets/sheet{sheet}.xml").decode()
        shared = (
            book.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in book.namelist() else ""
        )
        styles = book.read("xl/styles.xml").decode()
    return xml + styles, re.findall(r"<t[^>]*>([^<]*)</t>", shared)


def test_the_xlsx_writer_keeps_every_digit_and_names_the_currency():
    buffer = io.BytesIO()
    book = SafeWorkbook(buffer)
    sheet = book.sheet("amounts")
    sheet.writerow([Money(Decimal("1234.50"), "HKD"), Decimal("1234567890123456.78"), "=HYPERLINK(1)", 7])
    book.close()
    xml, strings = _cells(buffer.getvalue())
    assert "<v>1234.5</v>" in xml and "&quot;HKD&quot;" in xml
    # A number a double cannot hold exactly is written as text rather than rounded.
    assert "1234567890123456.78" in strings and "'=HYPERLINK(1)" in strings
    assert "<f>" not in xml and "<v>7</v>" in xml


def test_the_report_exports_carry_amounts_with_their_currency(approved_loan, client_as, cast, staff):
    Organisation.objects.filter(pk=approved_loan.borrower_id).update(name="=cmd|' /C calc'!A0")
    officer = client_as(cast["people"]["officer"])
    base = f"/financing/programmes/{approved_loan.programme_id}/report"
    rows = list(csv.reader(io.StringIO(officer.get(f"{base}.csv").content.decode())))
    assert rows[0][:5] == ["loan", "stage", "borrower", "technology_field", "currency"]
    assert rows[1][2].startswith("'=") and rows[1][4] == "HKD" and rows[1][6] == "1000000.00"
    assert ["approved_amount", "1000000.00", "HKD"] in rows
    response = officer.get(f"{base}.xlsx")
    assert response["Content-Type"] == reports.XLSX
    assert 'filename="programme-' in response["Content-Disposition"]
    xml, strings = _cells(response.content)
    assert "<v>1000000</v>" in xml and "&quot;HKD&quot;" in xml and "'=cmd|' /C calc'!A0" in strings
    totals, names = _cells(response.content, sheet=2)
    assert "approved_amount" in names and "<v>1000000</v>" in totals
