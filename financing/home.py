"""What financing puts on a member's home: loan applications waiting for the member's organisation to decide
(as recommender, guarantor, insurer or bank) and live loans whose collateral fell below the covenant."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE
from core.home import InboxItem
from financing.models import Loan
from financing.models.programme import organisations_of
from financing.services.applications import CHAIN

TITLES = {
    "recommender": _("Loan applications to recommend"),
    "guarantor": _("Loan applications to decide as guarantor"),
    "insurer": _("Loan applications to decide as insurer"),
    "bank": _("Loan applications to decide as bank"),
}


def inbox(user) -> list[InboxItem]:
    # Only the people who may take the step (admins and members of the party) see it waiting.
    orgs = organisations_of(user, CHANGE).values("pk")
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
    return items
