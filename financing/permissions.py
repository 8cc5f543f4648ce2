"""Small predicates about what a person may do for a loan; who may see a loan is LoanQuerySet.restrict."""

from django.utils.translation import gettext as _

from accounts.models import AnyUser, Organisation
from core.access import CHANGE, DECIDE, VIEW, is_staff, may
from core.errors import Forbidden, NotFound
from financing.models import Loan, Programme


def decides_for(user: AnyUser, organisation: Organisation | None) -> bool:
    """Whether `user` takes `organisation`'s own decisions (applying, recommending, guaranteeing, insuring,
    lending, bidding, buying, selling and licensing back): its writing members, never the operator's staff,
    who see every loan and act only as the operator (programmes, subsidies paid)."""
    return organisation is not None and may(user, organisation, DECIDE)


def require_decision(user: AnyUser, organisation: Organisation | None, refusal: str) -> Organisation:
    """The organisation, if `user` takes its decisions; else 403 with `refusal` (staff are told why)."""
    if organisation is not None and decides_for(user, organisation):
        return organisation
    if is_staff(user):
        raise Forbidden(_("The operator's staff do not take a member's business decisions in its name."))
    raise Forbidden(refusal)


def acts_as(user: AnyUser, loan: Loan, role: str) -> bool:
    """Whether `user` takes the decisions of the loan's party in `role` (borrower, recommender, guarantor,
    insurer, bank)."""
    return decides_for(user, getattr(loan, role))


def loan_for(user: AnyUser, pk: int, action: str = VIEW) -> Loan:
    """The loan if `user` may see it (or act on it), else NotFound: outsiders never learn it exists."""
    loan = Loan.objects.restrict(user, action).select_related("programme").filter(pk=pk).first()
    if loan is None:
        raise NotFound(_("There is no such loan."))
    return loan


def require_role(user: AnyUser, loan: Loan, role: str, *, operator_may: bool = False) -> None:
    """Refuse (403, the loan being visible) unless `user` takes the decisions of the party in `role`. With
    `operator_may`, a step that only records or applies what was decided (a payment received, closing an
    ended auction, opening the buyer's room) may also be taken by the operator's staff."""
    if operator_may and is_staff(user):
        return
    refusal = _("Only the %(role)s of this loan can take this step.") % {"role": role_label(role)}
    require_decision(user, getattr(loan, role), refusal)


def role_label(role: str) -> str:
    labels = {
        "borrower": _("borrower"),
        "recommender": _("recommender"),
        "guarantor": _("guarantor"),
        "insurer": _("insurer"),
        "bank": _("bank"),
        "officer": _("programme officer"),
    }
    return labels.get(role, role)


def runs_programme(user: AnyUser, programme: Programme) -> bool:
    return Programme.objects.restrict(user, CHANGE).filter(pk=programme.pk).exists()
