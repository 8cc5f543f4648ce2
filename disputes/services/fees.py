"""Fees: the registration fee charged on filing, deposits and neutrals' fees, payments, the government
fee-subsidy programme (a share of the fees paid, within a cap per party and case and the budget left),
and each party's statement."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AnyUser, User
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.money import Money, check_currency, to_decimal
from disputes.models import Appointment, Case, CaseParty, Fee, FeeSubsidy, FeeSubsidyProgramme, Side
from disputes.permissions import (
    is_officer,
    require_officer,
    require_open,
    seats_of,
    sitting_neutral,
)

CENT = Decimal("0.01")


def charge_registration(case: Case) -> Fee | None:
    """The rules' registration fee, payable by the claimant on filing."""
    rules = case.rules
    if not rules.registration_fee or rules.registration_fee <= 0:
        return None
    return Fee.objects.create(
        case=case,
        party=case.parties.get(side=Side.CLAIMANT),
        kind=Fee.Kind.REGISTRATION,
        description=str(_("Registration fee under %(rules)s") % {"rules": rules.name})[:300],
        amount=rules.registration_fee,
        currency=rules.fee_currency,
    )


def _parties_read_by(user: AnyUser, case: Case):
    """None when the person reads every party's fees (the operator, the case's officers, a sitting
    neutral); otherwise the parties it acts for (a party's people read only their own side's fees)."""
    if is_officer(user, case) or sitting_neutral(user, case) is not None:
        return None
    return seats_of(user, case).exclude(party=None).values("party")


def fees_read_by(user: AnyUser, case: Case):
    """The case's fees that `user` may read: its own side's for a party, all for officers and neutrals."""
    parties = _parties_read_by(user, case)
    found = case.fees.select_related("party")
    return found if parties is None else found.filter(party__in=parties)


def subsidies_read_by(user: AnyUser, case: Case):
    """The fee subsidies granted in the case that `user` may read, by the same rule as the fees."""
    parties = _parties_read_by(user, case)
    found = case.subsidies.select_related("party", "programme")
    return found if parties is None else found.filter(party__in=parties)


def _positive(amount: object, field: str) -> Decimal:
    value = to_decimal(amount, field=field).quantize(CENT, rounding=ROUND_HALF_UP)
    if value <= 0:
        raise InvalidInput(_("The amount must be more than zero."), field=field)
    return value


@transaction.atomic
def request_deposit(
    *, case: Case, by: User, party: CaseParty, amount: object, currency: str, description: str = ""
) -> Fee:
    """A case officer asks a party for a deposit towards the costs."""
    require_open(case)
    require_officer(by, case)
    if party.case_id != case.pk:
        raise InvalidInput(_("This party is not in the case."), field="party")
    fee = Fee.objects.create(
        case=case,
        party=party,
        kind=Fee.Kind.DEPOSIT,
        description=description.strip()[:300],
        amount=_positive(amount, "amount"),
        currency=check_currency(currency),
    )
    record_event(case, "dispute.deposit_requested", actor=by, fee=fee.pk)
    return fee


@transaction.atomic
def charge_neutral_fee(
    *, case: Case, by: User, appointment: Appointment, party: CaseParty, hours: object
) -> Fee:
    """A neutral's hours at the roster rate, charged to a party (each side usually bears half)."""
    require_officer(by, case)
    if appointment.case_id != case.pk or party.case_id != case.pk:
        raise InvalidInput(_("The neutral and the party must be in this case."), field="party")
    time = _positive(hours, "hours")
    neutral = appointment.neutral
    amount = (neutral.hourly_rate * time).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount <= 0:
        raise InvalidInput(_("The neutral has no hourly rate on the roster."), field="hours")
    fee = Fee.objects.create(
        case=case,
        party=party,
        kind=Fee.Kind.NEUTRAL,
        appointment=appointment,
        amount=amount,
        currency=neutral.currency,
        description=str(_("%(name)s, %(hours)s hours") % {"name": neutral.name, "hours": time})[:300],
    )
    record_event(case, "dispute.neutral_fee_charged", actor=by, fee=fee.pk)
    return fee


@transaction.atomic
def record_payment(*, fee: Fee, by: User, reference: str, paid_on=None) -> Fee:
    """A case officer records that a fee was paid."""
    require_officer(by, fee.case)
    fee = Fee.objects.select_for_update().get(pk=fee.pk)
    if fee.paid_on is not None:
        raise Conflict(_("This fee is already paid."))
    if not reference.strip():
        raise InvalidInput(_("Give the payment reference."), field="reference")
    fee.paid_on, fee.payment_reference = paid_on or timezone.localdate(), reference.strip()[:120]
    fee.save(update_fields=["paid_on", "payment_reference"])
    record_event(fee.case, "dispute.fee_paid", actor=by, fee=fee.pk)
    return fee


def budget_left(programme: FeeSubsidyProgramme) -> Decimal:
    granted = programme.grants.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return max(Decimal(0), programme.budget - granted)


def subsidy_for(programme: FeeSubsidyProgramme, party: CaseParty) -> tuple[Decimal, Decimal]:
    """The fees considered (paid, of the kinds covered, in the programme's currency) and the amount due."""
    fees = party.fees.filter(paid_on__isnull=False, currency=programme.currency)
    if programme.fee_kinds:
        fees = fees.filter(kind__in=programme.fee_kinds)
    covered = fees.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    share = (covered * programme.share_of_fees).quantize(CENT, rounding=ROUND_HALF_UP)
    return covered, min(share, programme.cap_per_case, budget_left(programme))


@transaction.atomic
def grant_subsidy(*, programme: FeeSubsidyProgramme, party: CaseParty, by: User) -> FeeSubsidy:
    """Grant a party the programme's share of its paid fees, within the cap and the budget left
    (the programme row is locked, so two grants cannot spend the same budget)."""
    case = party.case
    require_officer(by, case)
    programme = FeeSubsidyProgramme.objects.select_for_update().get(pk=programme.pk)
    today = timezone.localdate()
    if (
        not programme.active
        or today < programme.starts_on
        or (programme.ends_on and today > programme.ends_on)
    ):
        raise Conflict(_("The programme is not open."))
    if programme.grants.filter(party=party).exists():
        raise Conflict(_("This party already has a subsidy from the programme."))
    covered, amount = subsidy_for(programme, party)
    if amount <= 0:
        raise Conflict(_("Nothing to subsidise: no paid fees it covers, or the budget is spent."))
    grant = FeeSubsidy.objects.create(
        programme=programme,
        case=case,
        party=party,
        fees_covered=covered,
        amount=amount,
        currency=programme.currency,
        granted_by=by,
    )
    record_event(case, "dispute.subsidy_granted", actor=by, grant=grant.pk)
    return grant


def statement(*, case: Case, party: CaseParty, by: User) -> dict:
    """A party's statement: its fees, paid or due, its subsidies, and the balance per currency. A party's
    people see their own; neutrals and case officers see every party's."""
    parties = _parties_read_by(by, case)
    if parties is not None and not parties.filter(party=party).exists():
        raise Forbidden(_("You can see only your own party's statement."))
    charged: dict[str, Decimal] = defaultdict(Decimal)
    paid: dict[str, Decimal] = defaultdict(Decimal)
    subsidised: dict[str, Decimal] = defaultdict(Decimal)
    lines = []
    for fee in party.fees.order_by("created_at", "id"):
        charged[fee.currency] += fee.amount
        if fee.paid_on:
            paid[fee.currency] += fee.amount
        lines.append(
            {
                "fee": fee.pk,
                "kind": fee.kind,
                "description": fee.description,
                "amount": str(Money(fee.amount, fee.currency).amount),
                "currency": fee.currency,
                "paid_on": fee.paid_on.isoformat() if fee.paid_on else None,
            }
        )
    for grant in party.subsidies.select_related("programme"):
        subsidised[grant.currency] += grant.amount
    currencies = sorted(set(charged) | set(subsidised))
    totals = [
        {
            "currency": c,
            "charged": str(charged[c]),
            "paid": str(paid[c]),
            "due": str(charged[c] - paid[c]),
            "subsidised": str(subsidised[c]),
            "net_cost": str(paid[c] - subsidised[c]),
        }
        for c in currencies
    ]
    return {"party": party.name, "side": party.side, "lines": lines, "totals": totals}
