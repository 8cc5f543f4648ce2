"""Registering a loan's pledges in the registry and the transparency log, and releasing them.

The registry's existing rules then do the rest: a live pledge blocks a transfer (assets.services) and an
offer for sale or an exclusive licence without the pledgee's consent (listings.screening)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assets.models import Asset, Encumbrance
from assets.services import add_encumbrance, release_encumbrance
from core.errors import Conflict
from core.events import record_event
from financing.models import Loan
from financing.services.evaluation import check_not_pledged
from ledger.services import record
from ledger.subjects import subject


def loan_subject(loan: Loan) -> str:
    """A loan is a confidential agreement, so its entries bear a sealed subject (see ledger.subjects)."""
    return subject("financing.loan", loan.pk, confidential=True)


def _public_numbers(loan: Loan) -> list[str]:
    """Numbers of pledged assets the public may know of; confidential assets stay out of the clear."""
    return [
        item.asset.number
        for item in loan.pledged.select_related("asset")
        if item.asset.visibility == Asset.Visibility.PUBLIC
    ]


def _confidential_numbers(loan: Loan) -> list[str]:
    return [
        item.asset.number
        for item in loan.pledged.select_related("asset")
        if item.asset.visibility != Asset.Visibility.PUBLIC
    ]


@transaction.atomic
def register_pledges(*, loan: Loan, by: User, day: datetime.date | None = None) -> None:
    """One pledge in favour of the bank on every asset of the approved loan, and one log entry.

    The borrower's application is its authority to pledge, so the registry records it in the
    applicant's name."""
    day = day or timezone.localdate()
    pledgor = loan.applicant
    if pledgor is None:
        raise Conflict(
            _("The applicant's account is gone; the borrower must apply again to pledge the assets.")
        )
    for item in loan.pledged.select_related("asset"):
        asset = Asset.objects.select_for_update().get(pk=item.asset_id)
        check_not_pledged(asset, except_loan=loan)
        item.encumbrance = add_encumbrance(
            asset=asset,
            by=pledgor,
            kind=Encumbrance.Kind.PLEDGE,
            holder_name=loan.bank.name,
            holder_organisation=loan.bank,
            start_date=day,
            reference=item.registration_number,
        )
        item.save(update_fields=["encumbrance"])
    record(
        "financing.pledge_registered",
        subject=loan_subject(loan),
        public={"assets": _public_numbers(loan), "pledgee": loan.bank.name, "date": day.isoformat()},
        confidential=_terms(loan),
        actor=by,
    )
    record_event(loan, "financing.pledge_registered", actor=by, date=day.isoformat())


def _terms(loan: Loan) -> dict[str, Any]:
    return {
        "confidential_assets": _confidential_numbers(loan),
        "borrower": loan.borrower.name,
        "principal": str(loan.principal),
        "currency": loan.currency,
        "annual_rate": str(loan.annual_rate),
        "term_months": loan.term_months,
        "repayment_type": loan.repayment_type,
        "registration_numbers": [item.registration_number for item in loan.pledged.all()],
    }


@transaction.atomic
def release_pledges(*, loan: Loan, by: User, reason: str, day: datetime.date | None = None) -> None:
    """Release every live pledge of the loan (repaid, or its collateral sold) in the registry and the log."""
    day = day or timezone.localdate()
    for item in loan.pledged.select_related("encumbrance"):
        if item.encumbrance is not None:
            release_encumbrance(encumbrance=item.encumbrance, by=by, day=day)
    record(
        "financing.pledge_released",
        subject=loan_subject(loan),
        public={
            "assets": _public_numbers(loan),
            "pledgee": loan.bank.name,
            "date": day.isoformat(),
            "reason": reason,
        },
        actor=by,
    )
    record_event(loan, "financing.pledge_released", actor=by, date=day.isoformat(), reason=reason)
