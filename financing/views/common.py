"""Helpers the financing pages and endpoints share: whose eyes see what."""

from __future__ import annotations

from accounts.models import AnyUser, Organisation
from core.access import VIEW, is_staff
from financing.models import Bid, Disposal, Loan, Programme


def visible_loan(user: AnyUser, pk: int, action: str = VIEW) -> Loan:
    """The loan for a page, or a 404 page: outsiders never learn that it exists."""
    from django.http import Http404

    from core.errors import NotFound
    from financing.permissions import loan_for

    try:
        return loan_for(user, pk, action)
    except NotFound:
        raise Http404 from None


def party_organisations(user: AnyUser) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Organisation.objects.of_member(user).values_list("pk", flat=True))


def sees_everything(user: AnyUser, loan: Loan) -> bool:
    """The operator and the programme's officers read every party's line."""
    return is_staff(user) or bool(
        party_organisations(user) & set(loan.programme.officers.values_list("pk", flat=True))
    )


def visible_bids(disposal: Disposal, user: AnyUser) -> list[Bid]:
    """The loan's parties see every bid once a sealed auction closes (at once if it is open); every other
    viewer, the winning buyer included, sees only its own bids. The operator sees all."""
    bids = disposal.bids.select_related("bidder")
    if is_staff(user):
        return list(bids)
    party = Loan.objects.restrict(user, VIEW).filter(pk=disposal.loan_id).exists()
    if not party or (disposal.sealed and disposal.status == Disposal.Status.OPEN):
        bids = bids.filter(bidder__in=party_organisations(user))
    return list(bids)


def runs_any_programme(user: AnyUser) -> bool:
    from core.access import CHANGE

    return Programme.objects.restrict(user, CHANGE).exists()
