"""Servicing an approved loan: disbursement, the schedule, payments, arrears and late fees, repayment.

Payments are applied oldest instalment first, and within an instalment to late fees, then interest, then
principal. Late fees are charged when a payment arrives (or arrears are read) on what was overdue, by
ACT/365 Fixed from the later of the due date and the last charge."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, InvalidInput
from core.events import record_event
from core.money import CURRENCIES, check_currency, to_decimal
from financing.models import Instalment, Loan, Payment
from financing.permissions import require_role
from financing.services import schedule as maths
from financing.services.dates import check_date

ZERO = Decimal(0)


def places(loan: Loan) -> int:
    return CURRENCIES[loan.currency]


@transaction.atomic
def disburse(*, loan: Loan, by: User, day: datetime.date | None = None) -> Loan:
    """The bank pays out the approved loan; the repayment schedule starts from `day`."""
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    require_role(by, loan, "bank")
    if loan.stage != Loan.Stage.APPROVED:
        raise Conflict(_("Only an approved loan can be disbursed."))
    check_date(day, "day")
    day = day or timezone.localdate()
    assert loan.principal and loan.annual_rate is not None and loan.term_months  # set when the bank approved
    lines = maths.schedule(
        principal=loan.principal,
        annual_rate=loan.annual_rate,
        months=loan.term_months,
        start=day,
        repayment_type=loan.repayment_type,
        places=places(loan),
    )
    Instalment.objects.bulk_create(
        Instalment(
            loan=loan,
            number=line.number,
            due_date=line.due_date,
            days=line.days,
            principal=line.principal,
            interest=line.interest,
        )
        for line in lines
    )
    loan.stage, loan.disbursed_on = Loan.Stage.ACTIVE, day
    loan.current_value, loan.current_ltv = loan.collateral_value, loan.principal / loan.collateral_value
    loan.save()
    record_event(loan, "financing.disbursed", actor=by, day=day.isoformat(), instalments=len(lines))
    return loan


def charge_late_fees(loan: Loan, as_of: datetime.date) -> None:
    """Charge late fees on every overdue instalment up to `as_of` (idempotent for the same day)."""
    rate, digits = loan.programme.late_fee_rate, places(loan)
    for instalment in loan.instalments.filter(paid_on__isnull=True, due_date__lt=as_of):
        since = max(instalment.due_date, instalment.fees_accrued_to or instalment.due_date)
        fee = maths.late_fee(instalment.unpaid, rate, (as_of - since).days, digits)
        instalment.late_fees += fee
        instalment.fees_accrued_to = as_of
        instalment.save(update_fields=["late_fees", "fees_accrued_to"])


def _apply(instalment: Instalment, left: Decimal) -> dict[str, Decimal]:
    """Apply up to `left` to one instalment: late fees, then interest, then principal."""
    to_fees = min(left, instalment.unpaid_fees)
    to_interest = min(left - to_fees, instalment.interest - instalment.paid_interest)
    to_principal = min(left - to_fees - to_interest, instalment.principal - instalment.paid_principal)
    instalment.paid_fees += to_fees
    instalment.paid_interest += to_interest
    instalment.paid_principal += to_principal
    return {"to_fees": to_fees, "to_interest": to_interest, "to_principal": to_principal}


@transaction.atomic
def record_payment(
    *,
    loan: Loan,
    by: User,
    amount: object,
    currency: str,
    day: datetime.date | None = None,
    reference: str = "",
) -> Payment:
    """The bank (or the operator, recording what was received) records money from the borrower; a payment
    in another currency is refused."""
    loan = Loan.objects.select_for_update().get(pk=loan.pk)
    require_role(by, loan, "bank", operator_may=True)
    if loan.stage not in (Loan.Stage.ACTIVE, Loan.Stage.DEFAULTED):
        raise Conflict(_("Payments can be recorded only on a disbursed loan."))
    if check_currency(currency) != loan.currency:
        raise InvalidInput(
            _("The loan is in %(loan)s; a payment in %(paid)s cannot be applied to it.")
            % {"loan": loan.currency, "paid": currency},
            field="currency",
        )
    value = to_decimal(amount, field="amount")
    if value <= 0 or value != maths.cents(value, places(loan)):
        raise InvalidInput(_("The amount must be positive and in whole cents."), field="amount")
    check_date(day, "day")
    day = day or timezone.localdate()
    charge_late_fees(loan, day)
    totals = {"to_fees": ZERO, "to_interest": ZERO, "to_principal": ZERO}
    left = value
    for instalment in loan.instalments.filter(paid_on__isnull=True).order_by("number"):
        if left <= 0:
            break
        applied = _apply(instalment, left)
        left -= sum(applied.values(), ZERO)
        totals = {key: totals[key] + applied[key] for key in totals}
        if instalment.unpaid == 0 and instalment.unpaid_fees == 0:
            instalment.paid_on = day
        instalment.save()
    payment = Payment.objects.create(
        loan=loan,
        amount=value,
        currency=loan.currency,
        paid_on=day,
        reference=reference,
        recorded_by=by,
        unapplied=left,
        **totals,
    )
    record_event(loan, "financing.payment", actor=by, amount=str(value), day=day.isoformat())
    if not loan.instalments.filter(paid_on__isnull=True).exists() and loan.stage == Loan.Stage.ACTIVE:
        _repaid(loan, by, day)
    return payment


def _repaid(loan: Loan, by: User, day: datetime.date) -> None:
    from financing.services.pledges import release_pledges

    loan.stage, loan.closed_on = Loan.Stage.REPAID, day
    loan.save(update_fields=["stage", "closed_on", "updated_at"])
    release_pledges(loan=loan, by=by, reason="repaid", day=day)


def arrears(loan: Loan, as_of: datetime.date | None = None) -> dict[str, Any]:
    """What is overdue on `as_of`, without changing anything: amount, days past due and late fees."""
    as_of = as_of or timezone.localdate()
    overdue = [i for i in loan.instalments.all() if i.paid_on is None and i.due_date < as_of]
    rate, digits = loan.programme.late_fee_rate, places(loan)
    fees = sum(
        (
            i.unpaid_fees
            + maths.late_fee(
                i.unpaid, rate, (as_of - max(i.due_date, i.fees_accrued_to or i.due_date)).days, digits
            )
            for i in overdue
        ),
        ZERO,
    )
    return {
        "amount": sum((i.unpaid for i in overdue), ZERO),
        "instalments": len(overdue),
        "days_past_due": (as_of - overdue[0].due_date).days if overdue else 0,
        "late_fees": fees,
    }


def outstanding(loan: Loan, as_of: datetime.date | None = None) -> Decimal:
    """The debt on `as_of`: principal not repaid, interest of instalments due, and late fees."""
    as_of = as_of or timezone.localdate()
    principal = sum((i.principal - i.paid_principal for i in loan.instalments.all()), ZERO)
    interest = sum(
        (i.interest - i.paid_interest for i in loan.instalments.all() if i.due_date <= as_of), ZERO
    )
    return principal + interest + arrears(loan, as_of)["late_fees"]
