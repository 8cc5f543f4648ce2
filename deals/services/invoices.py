"""Invoices for what a licensee owes under a signed deal: one per royalty report, in the licensor's name.

The amounts are those the platform computed from the locked terms (the report's royalty, in the deal's
currency); the invoice is due when the report was due, as the royalty is paid with the report."""

from django.utils.translation import gettext as _

from core.formatting import format_money
from deals import pdf
from deals.models import RoyaltyReport


def invoice_number(report: RoyaltyReport) -> str:
    """Stable and unique: the room and the report ("R00012-00034")."""
    return f"R{report.room_id:05d}-{report.pk:05d}"


def due_date(report: RoyaltyReport):
    obligation = report.obligation
    return obligation.due_on if obligation is not None and obligation.due_on else report.submitted_at.date()


def royalty_invoice(report: RoyaltyReport) -> bytes:
    """The invoice as PDF: issuer and addressee, the period, net sales, the royalty due and its due date."""
    room = report.room
    rows = [
        (_("Invoice number"), invoice_number(report)),
        (_("Issued by (licensor)"), room.seller.name),
        (_("Addressed to (licensee)"), room.buyer.name),
        (_("Period"), f"{report.period_start:%Y-%m-%d} – {report.period_end:%Y-%m-%d}"),
        (_("Net sales"), format_money(report.net_sales, report.currency)),
        (_("Royalty due"), format_money(report.royalty, report.currency)),
        (_("Due on"), due_date(report).isoformat()),
    ]
    title = f"{_('Royalty invoice')} · {invoice_number(report)} · {room.title}"
    note = _(
        "Royalty computed by the platform from the locked terms of the deal (tiers, step-downs and floor)."
    )
    return pdf.render(title=title, blocks=[note], rows=rows)
