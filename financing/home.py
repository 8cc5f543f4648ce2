"""What financing puts on a member's home: loan applications waiting for the member's organisation to decide
(as recommender, guarantor, insurer or bank) and live loans whose collateral fell below the covenant; and
the links to open collateral auctions on the marketplace and on an auctioned asset's page."""

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import AnyUser, Organisation
from core.access import CHANGE
from core.home import InboxItem, Shortcut
from financing.models import Loan
from financing.services.applications import CHAIN

TITLES = {
    "recommender": _("Loan applications to recommend"),
    "guarantor": _("Loan applications to decide as guarantor"),
    "insurer": _("Loan applications to decide as insurer"),
    "bank": _("Loan applications to decide as bank"),
}


def inbox(user: AnyUser) -> list[InboxItem]:
    # Only the people who may take the step (admins and members of the party) see it waiting.
    orgs = (
        Organisation.objects.of_member(user)
        .filter(pk__in=Organisation.objects.restrict(user, CHANGE))
        .values("pk")
    )
    loans = Loan.objects.restrict(user, CHANGE)
    overview = reverse("financing:overview")
    waiting = {role: [stage for stage, link in CHAIN.items() if link[0] == role] for role in TITLES}
    items = [
        InboxItem(
            TITLES[role],
            overview,
            loans.filter(stage__in=stages, **{f"{role}__in": orgs}).count(),
            role=role,
        )
        for role, stages in waiting.items()
    ]
    breached = loans.filter(stage__in=Loan.LIVE, covenant_breached=True)
    parties = breached.filter(Q(bank__in=orgs) | Q(borrower__in=orgs))
    items.append(InboxItem(_("Loans above their covenant's loan-to-value"), overview, parties.count()))
    return items + _disposals(user, orgs)


def _disposals(user: AnyUser, orgs) -> list[InboxItem]:
    """Auctions past their end for the bank to close, and collateral offered to a recovery fund."""
    from django.utils import timezone

    from financing.models import Disposal

    mine = Disposal.objects.restrict(user).filter(status=Disposal.Status.OPEN)
    ended = mine.filter(method=Disposal.Method.AUCTION, ends_at__lte=timezone.now(), loan__bank__in=orgs)
    offered = mine.filter(method=Disposal.Method.RECOVERY_FUND, fund__in=orgs)
    auctions = reverse("financing:auctions")
    return [
        InboxItem(_("Collateral auctions ended, to close"), auctions, ended.count(), role="bank"),
        InboxItem(_("Collateral offered to your recovery fund"), _first(offered, auctions), offered.count()),
    ]


def _first(disposals, fallback: str) -> str:
    first = disposals.first()
    return reverse("financing:disposal", args=[first.pk]) if first else fallback


def _open_auctions(user: AnyUser):
    from financing.models import Disposal

    return Disposal.objects.restrict(user).biddable()


def marketplace_links(user: AnyUser | None, _obj=None) -> list[Shortcut]:
    """Buyers look on the marketplace: it links to the collateral auctions open to the person."""
    if user is None or not user.is_authenticated:
        return []
    count = _open_auctions(user).count()
    if not count:
        return []
    title = ngettext(
        "%(count)d collateral auction open for bids", "%(count)d collateral auctions open for bids", count
    )
    return [Shortcut(title % {"count": count}, reverse("financing:auctions"))]


def asset_links(user: AnyUser | None, asset) -> list[Shortcut]:
    """The page of an asset offered in an open collateral auction links to the auction."""
    if asset is None or user is None or not user.is_authenticated:
        return []
    auctions = _open_auctions(user).filter(loan__pledged__asset=asset).distinct()
    return [
        Shortcut(_("Offered in a collateral auction"), reverse("financing:disposal", args=[auction.pk]))
        for auction in auctions
    ]


def own_loans(user: AnyUser):
    """The loans the person's organisations take part in (as borrower, recommender, guarantor, insurer, bank
    or programme officer), through the loan's own rule."""
    return Loan.objects.visible_to(user).filter(_parties(Organisation.objects.of_member(user).values("pk")))


def _parties(orgs) -> Q:
    roles = ("borrower", "recommender", "guarantor", "insurer", "bank", "programme__officers")
    query = Q(pk__in=[])
    for role in roles:
        query |= Q(**{f"{role}__in": orgs})
    return query


def own_licence_backs(user: AnyUser) -> QuerySet:
    from financing.models import LicenceBack

    orgs = Organisation.objects.of_member(user).values("pk")
    return LicenceBack.objects.visible_to(user).filter(Q(seller__in=orgs) | Q(investor__in=orgs))


# What each step of a loan or a sale and licence back reads like in recent activity; never its amounts.
ACTIVITY = {
    "financing.apply.approved": _("A loan was applied for"),
    "financing.evaluate.approved": _("The collateral was evaluated"),
    "financing.recommend.approved": _("The application was recommended"),
    "financing.recommend.refused": _("The recommender refused the application"),
    "financing.guarantee.approved": _("The guarantor approved the application"),
    "financing.guarantee.refused": _("The guarantor refused the application"),
    "financing.insure.approved": _("The insurer approved the application"),
    "financing.insure.refused": _("The insurer refused the application"),
    "financing.lend.approved": _("The bank approved the loan"),
    "financing.lend.refused": _("The bank refused the loan"),
    "financing.default.approved": _("The loan was declared in default"),
    "financing.dispose.approved": _("The collateral was disposed of"),
    "financing.pledge_registered": _("The pledge was registered"),
    "financing.pledge_released": _("The pledge was released"),
    "financing.disbursed": _("The loan was disbursed"),
    "financing.payment": _("A repayment was recorded"),
    "financing.subsidy_claimed": _("A subsidy was claimed"),
    "financing.subsidy_paid": _("A subsidy was paid"),
    "financing.covenant_breached": _("The collateral fell below the covenant"),
    "financing.covenant_check_failed": _("The covenant could not be checked"),
    "financing.auction_started": _("A collateral auction started"),
    "financing.bid": _("A bid was placed in the collateral auction"),
    "financing.auction_unsold": _("The collateral auction ended unsold"),
    "financing.offered_to_fund": _("The collateral was offered to a recovery fund"),
    "financing.buyer_room_not_opened": _("No deal room could be opened with the buyer"),
    "financing.licence_back_proposed": _("A sale and licence back was proposed"),
    "financing.licence_back_declined": _("The investor declined the sale and licence back"),
    "financing.royalty": _("A licence-back royalty was paid"),
}
