"""Small predicates about what a person may do for a loan; who may see a loan is LoanQuerySet.restrict."""

from typing import Any

from django.utils.translation import gettext as _

from accounts.permissions import can_edit_for
from core.access import CHANGE, VIEW
from core.errors import Forbidden, NotFound
from financing.models import Loan, Programme


def acts_as(user: Any, loan: Loan, role: str) -> bool:
    """Whether `user` may act for the loan's party in `role` (borrower, recommender, guarantor, insurer,
    bank)."""
    organisation = getattr(loan, role)
    return bool(organisation is not None and can_edit_for(user, organisation))


def loan_for(user: Any, pk: int, action: str = VIEW) -> Loan:
    """The loan if `user` may see it (or act on it), else NotFound: outsiders never learn it exists."""
    loan = Loan.objects.restrict(user, action).select_related("programme").filter(pk=pk).first()
    if loan is None:
        raise NotFound(_("There is no such loan."))
    return loan


def require_role(user: Any, loan: Loan, role: str) -> None:
    """Refuse (403, the loan being visible) unless `user` acts for the party in `role`."""
    if not acts_as(user, loan, role):
        raise Forbidden(_("Only the %(role)s of this loan can take this step.") % {"role": role_label(role)})


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


def runs_programme(user: Any, programme: Programme) -> bool:
    return Programme.objects.restrict(user, CHANGE).filter(pk=programme.pk).exists()
