"""Interest and premium subsidies: computed per the programme (share, cap per loan), claimed by the
borrower, paid by the programme officer, and counted against the programme's budget."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from financing.models import Loan, Programme, SubsidyClaim
from financing.permissions import require_role, runs_programme
from financing.services.programmes import subsidy_used
from financing.services.schedule import cents

ZERO = Decimal(0)


def entitlement(loan: Loan, kind: str) -> Decimal:
    """What the programme pays towards the loan so far: a share of the interest paid (or of the premium),
    at most the programme's cap per loan."""
    programme = loan.programme
    if kind == SubsidyClaim.Kind.INTEREST:
        paid = loan.instalments.aggregate(total=Sum("paid_interest"))["total"] or ZERO
        return min(cents(paid * programme.interest_subsidy_share), programme.interest_subsidy_cap)
    if kind == SubsidyClaim.Kind.PREMIUM:
        return min(
            cents((loan.premium or ZERO) * programme.premium_subsidy_share), programme.premium_subsidy_cap
        )
    raise InvalidInput(_("Unknown subsidy: %(kind)s") % {"kind": kind}, field="kind")


def claimed(loan: Loan, kind: str) -> Decimal:
    return loan.subsidy_claims.filter(kind=kind).aggregate(total=Sum("amount"))["total"] or ZERO


def claimable(loan: Loan, kind: str) -> Decimal:
    return max(entitlement(loan, kind) - claimed(loan, kind), ZERO)


@transaction.atomic
def claim(*, loan: Loan, by: User, kind: str) -> SubsidyClaim:
    """The borrower claims what is due to it so far; the programme's remaining budget limits the claim."""
    require_role(by, loan, "borrower")
    if loan.stage not in (Loan.Stage.ACTIVE, Loan.Stage.REPAID):
        raise Conflict(_("Subsidies can be claimed only on a disbursed loan."))
    programme = Programme.objects.select_for_update().get(pk=loan.programme_id)
    amount = min(claimable(loan, kind), programme.subsidy_budget - subsidy_used(programme))
    if amount <= 0:
        raise Conflict(_("Nothing is due to claim now, or the programme's subsidy budget is spent."))
    subsidy = SubsidyClaim.objects.create(loan=loan, kind=kind, amount=amount, claimed_by=by)
    record_event(loan, "financing.subsidy_claimed", actor=by, kind=kind, amount=str(amount))
    return subsidy


@transaction.atomic
def pay(*, subsidy: SubsidyClaim, by: User) -> SubsidyClaim:
    """The programme officer records the payment of a claim."""
    if not runs_programme(by, subsidy.loan.programme):
        raise Forbidden(_("Only the programme's officers pay subsidies."))
    if subsidy.status == SubsidyClaim.Status.PAID:
        raise Conflict(_("This claim is already paid."))
    subsidy.status, subsidy.paid_on = SubsidyClaim.Status.PAID, timezone.localdate()
    subsidy.save(update_fields=["status", "paid_on"])
    record_event(
        subsidy.loan, "financing.subsidy_paid", actor=by, kind=subsidy.kind, amount=str(subsidy.amount)
    )
    return subsidy
