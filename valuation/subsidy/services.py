"""Subsidy applications: submit with an eligibility check, approve within the yearly quota, pay."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from assets.models import Asset
from core.access import DECIDE, may
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import record_event
from core.money import to_decimal
from valuation.models import Valuation
from valuation.subsidy.models import SubsidyApplication, SubsidyPayout, SubsidyProgramme

COUNTED = (SubsidyApplication.Status.APPROVED, SubsidyApplication.Status.PAID)


def quota_used(programme: SubsidyProgramme, year: int) -> int:
    return programme.applications.filter(quota_year=year, status__in=COUNTED).count()


def eligibility_checks(
    *,
    programme: SubsidyProgramme,
    organisation: Organisation,
    field: str,
    valuation: Valuation | None,
    on: datetime.date,
) -> list[dict]:
    """Each rule of the programme with whether the application meets it; all must pass."""
    in_period = programme.starts_on <= on and (programme.ends_on is None or on <= programme.ends_on)
    checks = [
        (
            "programme_open",
            programme.active and in_period,
            _("The programme is open on the date of application."),
        ),
        ("approved_member", organisation.can_publish, _("The applicant is an approved member organisation.")),
        (
            "field",
            not programme.fields or field in programme.fields,
            _("The technology field is one the programme covers: %(fields)s.")
            % {"fields": ", ".join(programme.fields)},
        ),
        (
            "quota",
            quota_used(programme, on.year) < programme.max_cases_per_year,
            _("The programme has cases left this year (%(n)s per year).")
            % {"n": programme.max_cases_per_year},
        ),
    ]
    if programme.requires_indicator_score:
        scored = (
            valuation is not None
            and "indicators" in valuation.methods
            and bool(valuation.outputs.get("indicators"))
        )
        checks.append(
            ("standard", scored, _("The valuation includes a GB/T 42748-2023 indicator evaluation."))
        )
    return [{"rule": rule, "met": bool(met), "text": str(text)} for rule, met, text in checks]


def quota(programme: SubsidyProgramme, year: int) -> dict:
    """The programme's cases for `year`: the yearly number, those approved or paid, those left."""
    used = quota_used(programme, year)
    return {
        "year": year,
        "cases_per_year": programme.max_cases_per_year,
        "used": used,
        "left": max(0, programme.max_cases_per_year - used),
    }


def open_programmes() -> list[SubsidyProgramme]:
    today = timezone.localdate()
    return [
        programme
        for programme in SubsidyProgramme.objects.filter(active=True).order_by("starts_on", "id")
        if programme.starts_on <= today and (programme.ends_on is None or today <= programme.ends_on)
    ]


def _owner_of(valuation: Valuation, by: User) -> Organisation:
    """The asset owner of a valuation, whose people (and the operator's staff) may see what applying gives."""
    if not Valuation.objects.visible_to(by).filter(pk=valuation.pk).exists():
        raise NotFound(_("There is no such valuation."))
    owner = valuation.asset.owner
    if owner is None or not can_edit_for(by, owner):
        raise Forbidden(_("Only the asset owner's members can apply for the subsidy of its valuation."))
    return owner


def _applicant_of(valuation: Valuation, by: User) -> Organisation:
    """The organisation that applies for a valuation's fee: the asset owner, whose members decide to apply."""
    owner = _owner_of(valuation, by)
    if not may(by, owner, DECIDE):
        raise Forbidden(_("The operator's staff do not apply for the fee subsidy for the asset owner."))
    return owner


def preview_eligibility(
    *, programme: SubsidyProgramme, valuation: Valuation, technology_field: str, by: User
) -> list[dict]:
    """The eligibility checks an application would get today, without applying."""
    organisation = _owner_of(valuation, by)
    return eligibility_checks(
        programme=programme,
        organisation=organisation,
        field=technology_field,
        valuation=valuation,
        on=timezone.localdate(),
    )


def apply_for_valuation(
    *,
    programme: SubsidyProgramme,
    valuation: Valuation,
    technology_field: str,
    valuation_fee: object,
    by: User,
) -> SubsidyApplication:
    """Apply, as the asset owner, for the subsidy of a valuation's fee."""
    organisation = _applicant_of(valuation, by)
    if not technology_field.strip():
        raise InvalidInput(_("Name the technology field of the asset."), field="technology_field")
    return apply_for_subsidy(
        programme=programme,
        organisation=organisation,
        asset=valuation.asset,
        valuation=valuation,
        technology_field=technology_field,
        valuation_fee=valuation_fee,
        by=by,
    )


@transaction.atomic
def apply_for_subsidy(
    *,
    programme: SubsidyProgramme,
    organisation: Organisation,
    asset: Asset,
    technology_field: str,
    valuation_fee: object,
    by: User,
    valuation: Valuation | None = None,
) -> SubsidyApplication:
    if not may(by, organisation, DECIDE):  # applying is the organisation's own decision, never staff's for it
        raise Forbidden(_("Only the applicant organisation's members can apply."))
    if asset.owner_id != organisation.pk:
        raise InvalidInput(_("The asset must belong to the applicant."), field="asset")
    if valuation is not None and valuation.asset_id != asset.pk:
        raise InvalidInput(_("The valuation must be of the same asset."), field="valuation")
    fee = to_decimal(valuation_fee, field="valuation_fee")
    if fee <= 0:
        raise InvalidInput(_("The valuation fee must be above zero."), field="valuation_fee")
    today = timezone.localdate()
    checks = eligibility_checks(
        programme=programme, organisation=organisation, field=technology_field, valuation=valuation, on=today
    )
    eligible = all(check["met"] for check in checks)
    application = SubsidyApplication.objects.create(
        programme=programme,
        organisation=organisation,
        asset=asset,
        valuation=valuation,
        technology_field=technology_field,
        valuation_fee=fee,
        quota_year=today.year,
        eligibility=checks,
        status=SubsidyApplication.Status.SUBMITTED if eligible else SubsidyApplication.Status.INELIGIBLE,
        created_by=by,
    )
    record_event(application, "subsidy.applied", actor=by, eligible=eligible)
    return application


def subsidy_amount(programme: SubsidyProgramme, fee: Decimal) -> Decimal:
    return min(fee * programme.share_of_fee, programme.max_subsidy_per_case).quantize(Decimal("0.01"))


@transaction.atomic
def approve_application(*, application: SubsidyApplication, by: User) -> SubsidyApplication:
    if not by.is_staff:
        raise Forbidden(_("Only the programme officer approves subsidies."))
    # Lock the programme so that two officers approving at once cannot overrun the quota.
    programme = SubsidyProgramme.objects.select_for_update().get(pk=application.programme_id)
    if application.status != SubsidyApplication.Status.SUBMITTED:
        raise Conflict(_("Only a submitted, eligible application can be approved."))
    if quota_used(programme, application.quota_year) >= programme.max_cases_per_year:
        raise Conflict(
            _("This year's quota of %(n)s cases is used up.") % {"n": programme.max_cases_per_year}
        )
    application.status = SubsidyApplication.Status.APPROVED
    application.approved_amount = subsidy_amount(programme, application.valuation_fee)
    application.decided_by, application.decided_at = by, timezone.now()
    application.save(update_fields=["status", "approved_amount", "decided_by", "decided_at"])
    record_event(application, "subsidy.approved", actor=by, amount=str(application.approved_amount))
    return application


@transaction.atomic
def reject_application(*, application: SubsidyApplication, by: User, reason: str) -> SubsidyApplication:
    if not by.is_staff:
        raise Forbidden(_("Only the programme officer decides on subsidies."))
    if application.status not in (SubsidyApplication.Status.SUBMITTED, SubsidyApplication.Status.INELIGIBLE):
        raise Conflict(_("This application has already been decided."))
    if not reason.strip():
        raise InvalidInput(_("Give a reason, so that the applicant knows why."), field="reason")
    application.status = SubsidyApplication.Status.REJECTED
    application.decision_reason = reason.strip()
    application.decided_by, application.decided_at = by, timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    record_event(application, "subsidy.rejected", actor=by, reason=reason.strip())
    return application


@transaction.atomic
def record_payout(
    *, application: SubsidyApplication, by: User, reference: str, paid_on: datetime.date | None = None
) -> SubsidyPayout:
    if not by.is_staff:
        raise Forbidden(_("Only the programme officer records payouts."))
    if application.status != SubsidyApplication.Status.APPROVED:
        raise Conflict(_("Only an approved, unpaid application can be paid."))
    if not reference.strip():
        raise InvalidInput(_("Give the payment reference."), field="reference")
    assert application.approved_amount is not None
    payout = SubsidyPayout.objects.create(
        application=application,
        amount=application.approved_amount,
        currency=application.programme.currency,
        paid_on=paid_on or timezone.localdate(),
        reference=reference.strip(),
        recorded_by=by,
    )
    application.status = SubsidyApplication.Status.PAID
    application.save(update_fields=["status"])
    record_event(application, "subsidy.paid", actor=by, amount=str(payout.amount), reference=payout.reference)
    return payout
