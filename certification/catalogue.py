"""The certifiers' side of the catalogue: the services they publish with their fees, and the
conflicts they declare."""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from assets.models import Asset
from certification.inputs import clean_claim, clean_text
from certification.models import CertificationService, ConflictDeclaration
from certification.permissions import acts_for, administers, is_certifier
from core.errors import Forbidden, InvalidInput
from core.events import record_event
from core.money import check_currency, to_decimal


@transaction.atomic
def save_service(
    *,
    certifier: Organisation,
    by: User,
    claim: str,
    fee_amount: object,
    fee_currency: str,
    description: str = "",
    turnaround_days: int = 10,
    validity_days: int = 365,
    reminder_days: int = 30,
    active: bool = True,
) -> CertificationService:
    """Publish (or change) what the certifier certifies for one claim, and its fee."""
    if not is_certifier(certifier):
        raise Forbidden(_("Only approved certifiers publish certification services."))
    if not administers(by, certifier):
        raise Forbidden(_("Only an administrator of the certifier can change its services."))
    amount = to_decimal(fee_amount, field=_("fee"))
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("A fee is zero or more, in cents at most."), field="fee_amount")
    for name, days in (("turnaround_days", turnaround_days), ("validity_days", validity_days)):
        if not 1 <= int(days) <= 3660:
            raise InvalidInput(_("Between 1 and 3660 days."), field=name)
    if not 0 <= int(reminder_days) < int(validity_days):
        raise InvalidInput(_("The reminder comes before the end of validity."), field="reminder_days")
    service, _created = CertificationService.objects.update_or_create(
        certifier=certifier,
        claim=clean_claim(claim),
        defaults={
            "fee_amount": amount,
            "fee_currency": check_currency(fee_currency),
            "description": clean_text(description, field="description"),
            "turnaround_days": turnaround_days,
            "validity_days": validity_days,
            "reminder_days": reminder_days,
            "active": active,
        },
    )
    record_event(
        service, "certification.service_saved", actor=by, fee=str(amount), currency=service.fee_currency
    )
    return service


@transaction.atomic
def declare_conflict(
    *,
    certifier: Organisation,
    by: User,
    reason: str,
    organisation: Organisation | None = None,
    asset: Asset | None = None,
) -> ConflictDeclaration:
    """Record that the certifier will not certify an organisation's assets (or one asset)."""
    if not acts_for(by, certifier):
        raise Forbidden(_("Only the certifier's people can declare its conflicts."))
    if organisation is None and asset is None:
        raise InvalidInput(_("Name the organisation or the asset."), field="organisation")
    declaration = ConflictDeclaration.objects.create(
        certifier=certifier,
        organisation=organisation,
        asset=asset,
        reason=clean_text(reason, field="reason", required=True),
        declared_by=by,
    )
    record_event(certifier, "certification.conflict_declared", actor=by, declaration=declaration.pk)
    return declaration
