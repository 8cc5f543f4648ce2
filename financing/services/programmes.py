"""Setting up financing programmes; defaults come from the published Qingdao and Korean models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DecimalField
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from core.figures import figure
from core.money import check_currency, to_decimal
from financing.models import Programme

MODELS = "ip_pledge_financing_models"
PARTICIPANTS = ("officers", "banks", "insurers", "guarantors", "recommenders", "valuers", "recovery_funds")
SHARES = ("insurer_share", "guarantor_share", "bank_share")


def published_defaults() -> dict[str, Any]:
    """The figures a new programme starts from, each with its source (Qingdao risk shares and premium,
    Korea's premium-subsidy ceiling)."""
    qingdao = figure(f"{MODELS}.qingdao")
    korea = figure(f"{MODELS}.korea")
    shares = qingdao.value["risk_share"]
    return {
        "insurer_share": Decimal(str(shares["insurer"])),
        "guarantor_share": Decimal(str(shares["guarantor"])),
        "bank_share": Decimal(str(shares["bank"])),
        "premium_rate": Decimal(str(qingdao.value["premium_rate_per_year"])),
        "interest_subsidy_share": Decimal(str(qingdao.value["interest_subsidy_share"])),
        "premium_subsidy_share": Decimal(str(korea.value["premium_subsidy_max_share"])),
        "max_term_months": int(Decimal(str(qingdao.value["term_years"])) * 12),
        "source": "; ".join([qingdao.source, korea.source]),
    }


def check_shares(values: dict[str, Any]) -> None:
    total = sum((values[name] for name in SHARES), Decimal(0))
    if total != 1:
        raise InvalidInput(
            _("The insurer's, guarantor's and bank's shares must sum to exactly 1 (they sum to %(total)s).")
            % {"total": total},
            field="insurer_share",
        )


def _decimals(fields: dict[str, Any]) -> dict[str, Any]:
    parsed = {}
    for name, value in fields.items():
        if isinstance(Programme._meta.get_field(name), DecimalField):
            value = to_decimal(value, field=name)
            if value < 0:
                raise InvalidInput(_("%(field)s cannot be negative.") % {"field": name}, field=name)
        parsed[name] = value
    return parsed


@transaction.atomic
def create_programme(*, by: User, participants: dict[str, list[Organisation]], **fields: Any) -> Programme:
    """A new programme; unset risk shares, premium and subsidy shares take the published defaults.

    Only the operator creates programmes; its officers then run them."""
    if not by.is_staff:
        raise Forbidden(_("Only the operator can set up a financing programme."))
    values = {**published_defaults(), **_decimals(fields)}
    values["currency"] = check_currency(values.get("currency", ""))
    check_shares(values)
    programme = Programme(created_by=by, **values)
    try:
        programme.full_clean()
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages)) from None
    programme.save()
    for role in PARTICIPANTS:
        getattr(programme, role).set(participants.get(role, []))
    record_event(programme, "financing.programme_created", actor=by, name=programme.name)
    return programme


@transaction.atomic
def set_risk_shares(*, programme: Programme, by: User, shares: dict[str, Any]) -> Programme:
    """Change the split of losses; the three shares must sum to exactly 1 or nothing changes."""
    from financing.permissions import runs_programme

    if not runs_programme(by, programme):
        raise Forbidden(_("Only the programme's officers can change it."))
    values = {
        f"{role}_share": to_decimal(shares.get(role), field=role) for role in ("insurer", "guarantor", "bank")
    }
    check_shares(values)
    for name, value in values.items():
        setattr(programme, name, value)
    programme.save(update_fields=list(values))
    record_event(programme, "financing.shares_changed", actor=by, **{k: str(v) for k, v in values.items()})
    return programme


def loans_used(programme: Programme) -> int:
    """Loans counted against the quota: every application not refused."""
    return programme.loans.exclude(stage="refused").count()


def subsidy_used(programme: Programme) -> Decimal:
    from django.db.models import Sum

    from financing.models import SubsidyClaim

    total = SubsidyClaim.objects.filter(loan__programme=programme).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


def quota(programme: Programme) -> dict[str, Any]:
    used, spent = loans_used(programme), subsidy_used(programme)
    return {
        "loans": programme.max_loans,
        "loans_used": used,
        "loans_left": max(programme.max_loans - used, 0),
        "budget": programme.subsidy_budget,
        "budget_used": spent,
        "budget_left": programme.subsidy_budget - spent,
    }
