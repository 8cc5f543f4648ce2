"""Royalty reports computed by the platform from the locked terms, and the payments recorded against them."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.money import CURRENCIES, Money, check_currency, to_decimal
from deals import terms as term_rules
from deals.models import DealRoom, Obligation, Payment, RoomMember, RoyaltyReport
from deals.models.room import Side
from deals.notify import notify_room
from deals.permissions import require_party_seat
from deals.services import obligations
from deals.services.terms import locked_terms

ROLES = (RoomMember.Role.LEAD, RoomMember.Role.SIGNATORY)
MAX_LINES = 200
FORMULA = (
    "royalty = Σ_tiers max(0, min(S, to) − from) · max(rate · Π(1 − step-down), min(floor, rate)); "
    "S = net sales × rate of exchange"
)


def _signed_terms(room: DealRoom) -> dict:
    sheet = locked_terms(room)
    signed = DealRoom.objects.values_list("status", flat=True).get(pk=room.pk) == DealRoom.Status.SIGNED
    if not signed or sheet is None:
        raise Conflict(_("Royalties are reported once the agreement is signed."))
    return sheet.terms


def _lines(lines: Any) -> tuple[list[dict], Decimal]:
    if not isinstance(lines, list) or not lines or len(lines) > MAX_LINES:
        raise InvalidInput(_("Give net sales by product and territory (one line each)."), field="lines")
    cleaned, total = [], Decimal(0)
    for n, line in enumerate(lines):
        if not isinstance(line, dict):
            raise InvalidInput(_("Each line must be an object."), field="lines")
        amount = to_decimal(line.get("net_sales", ""), field=f"lines[{n}].net_sales")
        if amount < 0:
            raise InvalidInput(_("Net sales cannot be negative."), field="lines")
        cleaned.append(
            {
                "product": str(line.get("product") or "")[:120],
                "territory": str(line.get("territory") or "")[:40],
                "net_sales": str(amount),
            }
        )
        total += amount
    return cleaned, total


def compute(terms: dict, *, net_sales: Decimal, exchange_rate: Decimal, applied: list[str]) -> dict:
    """The royalty due in the deal currency, with every input and tier shown."""
    places = Decimal(1).scaleb(-CURRENCIES[terms["currency"]])
    converted = (net_sales * exchange_rate).quantize(places)
    royalty, rows = term_rules.royalty_on(converted, terms, applied)
    return {
        "net_sales_reported": str(net_sales),
        "exchange_rate": str(exchange_rate),
        "net_sales": str(converted),
        "step_downs_applied": applied,
        "floor": terms["royalty_floor"],
        "tiers": rows,
        "royalty": str(royalty.quantize(places)),
        "formula": FORMULA,
    }


@transaction.atomic
def submit_report(
    *,
    room: DealRoom,
    by: User,
    period_start: date,
    period_end: date,
    sales_currency: str,
    exchange_rate: Any,
    lines: Any,
    step_downs_applied: list[str] | None = None,
) -> RoyaltyReport:
    """The licensee reports net sales of a period; the platform computes the royalty from the locked terms."""
    seat = require_party_seat(by, room, ROLES)
    if seat.side != Side.BUYER:
        raise Forbidden(_("The licensee reports royalties."))
    terms = _signed_terms(room)
    if period_end < period_start:
        raise InvalidInput(_("The period ends before it starts."), field="period_end")
    currency = check_currency(sales_currency)
    rate = to_decimal(exchange_rate, field="exchange_rate")
    if rate <= 0 or (currency == terms["currency"] and rate != 1):
        raise InvalidInput(
            _("Give the rate that converts the sales currency into the deal currency."), field="exchange_rate"
        )
    applied = list(dict.fromkeys(step_downs_applied or []))
    known = {step["trigger"] for step in terms["step_downs"]}
    if set(applied) - known:
        raise InvalidInput(_("Only step-downs of the agreement can apply."), field="step_downs_applied")
    cleaned, total = _lines(lines)
    if RoyaltyReport.objects.filter(room=room, period_start=period_start, period_end=period_end).exists():
        raise Conflict(_("This period has already been reported."))
    computation = compute(terms, net_sales=total, exchange_rate=rate, applied=applied)
    due = room.obligations.filter(
        kind=Obligation.Kind.ROYALTY_REPORT,
        note=f"{period_start.isoformat()}/{period_end.isoformat()}",
        report__isnull=True,
    ).first()
    report = RoyaltyReport.objects.create(
        room=room, obligation=due, period_start=period_start, period_end=period_end,
        sales_currency=currency, exchange_rate=rate, lines=cleaned, step_downs_applied=applied,
        net_sales=Decimal(computation["net_sales"]), royalty=Decimal(computation["royalty"]),
        currency=terms["currency"], computation=computation, submitted_by=by,
    )  # fmt: skip
    if due is not None:
        due.status = Obligation.Status.DONE
        due.save(update_fields=["status"])
        _schedule_next(room)
    record_event(room, "deal.royalty_reported", actor=by, report=report.pk)
    notify_room(room, "royalty_reported", note=str(Money(report.royalty, report.currency)), side=Side.SELLER)
    return report


def _schedule_next(room: DealRoom) -> None:
    last = room.obligations.filter(kind=Obligation.Kind.ROYALTY_REPORT).order_by("-due_on").first()
    if last is not None and last.note:
        _first, end = last.note.split("/")
        obligations.report_obligation(
            room, date.fromisoformat(end) + timedelta(days=1), _signed_terms(room)
        ).save()


@transaction.atomic
def record_payment(
    *,
    room: DealRoom,
    by: User,
    amount: Any,
    currency: str,
    paid_on: date,
    reference: str,
    report: RoyaltyReport | None = None,
    obligation: Obligation | None = None,
) -> Payment:
    """The licensee records a payment made (for a report or a milestone); a fully paid milestone is done."""
    seat = require_party_seat(by, room, ROLES)
    if seat.side != Side.BUYER:
        raise Forbidden(_("The licensee records its payments."))
    _signed_terms(room)
    money = Money.of(amount, currency)
    if money.amount <= 0:
        raise InvalidInput(_("A payment must be above zero."), field="amount")
    if not reference.strip():
        raise InvalidInput(_("Give the reference of the payment."), field="reference")
    for linked in (report, obligation):
        if linked is not None and linked.room_id != room.pk:
            raise InvalidInput(_("That belongs to another room."))
    payment = Payment.objects.create(
        room=room, report=report, obligation=obligation, amount=money.rounded().amount,
        currency=money.currency, paid_on=paid_on, reference=reference.strip()[:120], recorded_by=by,
    )  # fmt: skip
    if obligation is not None and obligation.amount is not None:
        paid = obligation.payments.aggregate(total=Sum("amount"))["total"] or 0
        if paid >= obligation.amount:
            Obligation.objects.filter(pk=obligation.pk).update(status=Obligation.Status.DONE)
    record_event(room, "deal.payment_recorded", actor=by, payment=payment.pk)
    notify_room(room, "payment_recorded", note=str(money), side=Side.SELLER)
    return payment


def revenue(room: DealRoom) -> dict:
    """The licensor's view: royalties due and payments received, in the deal currency, by period."""
    reports = list(room.royalty_reports.order_by("period_start"))
    received = room.payments.filter(currency=room.currency).aggregate(total=Sum("amount"))[
        "total"
    ] or Decimal(0)
    due = sum((r.royalty for r in reports), Decimal(0))
    paid = {
        row["report"]: row["total"]
        for row in room.payments.filter(report__isnull=False).values("report").annotate(total=Sum("amount"))
    }
    top = max([r.royalty for r in reports] + [Decimal(1)])
    periods = [
        {
            "period": f"{r.period_start}/{r.period_end}",
            "royalty": str(r.royalty),
            "received": str(paid.get(r.pk, Decimal(0))),
            "share": int(r.royalty * 100 / top),  # bar width on the licensor's chart
        }
        for r in reports
    ]
    return {
        "currency": room.currency,
        "due": str(due),
        "received": str(received),
        "outstanding": str(due - received),
        "periods": periods,
    }


def reported_on_assets(asset_ids: list[int], licensor: int, until: date | None = None) -> list[dict]:
    """Royalties reported under signed deals in which `licensor` licenses some of these assets, one entry per
    deal (never one per asset): the covered assets and, per report, the period, the royalty due and what was
    received against it, in the deal currency. With `until`, only reports of periods ended by that day and
    payments made by then count.

    This is what a lender secured on the assets may learn of the deal (evidence of their value); the
    licensee, net sales, rates and every other term stay in the room."""
    from deals.models import TermSheet

    wanted = set(asset_ids)
    sheets = TermSheet.objects.filter(
        status=TermSheet.Status.ACCEPTED,
        room__status=DealRoom.Status.SIGNED,
        room__seller_id=licensor,
        room__royalty_reports__isnull=False,
    ).distinct()
    covered = {sheet.room_id: wanted & set(sheet.terms.get("assets", [])) for sheet in sheets}
    reports = RoyaltyReport.objects.filter(room_id__in=[room for room, ids in covered.items() if ids])
    # Payments count in the deal currency only, as in the licensor's own revenue view.
    in_currency = Q(payments__currency=F("currency"))
    if until is not None:
        reports = reports.filter(period_end__lte=until)
        in_currency &= Q(payments__paid_on__lte=until)
    reports = reports.annotate(received=Sum("payments__amount", filter=in_currency))
    deals: dict[int, dict] = {}
    for report in reports.order_by("period_start", "id"):
        cent = Decimal(1).scaleb(-CURRENCIES[report.currency])
        deal = deals.setdefault(report.room_id, {"assets": sorted(covered[report.room_id]), "reports": []})
        deal["reports"].append(
            {
                "period_start": report.period_start,
                "period_end": report.period_end,
                "royalty": report.royalty,
                "received": (report.received or Decimal(0)).quantize(cent),
                "currency": report.currency,
            }
        )
    return [deals[room] for room in sorted(deals)]
