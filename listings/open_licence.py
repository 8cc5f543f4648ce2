"""Open licences (专利开放许可, Patent Law of the PRC Arts. 50-52) and pledgee consent.

Any approved organisation that notifies and pays under a standing declaration obtains a non-exclusive
licence, recorded on each patent as an encumbrance; withdrawing the declaration keeps those licences.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.permissions import can_edit_for, role_in
from accounts.services import require_approved
from assets.models import Asset, Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from listings.choices import DealType
from listings.models import Listing, Notification, OpenLicenceGrant, PledgeeConsent
from listings.notify import notify_members
from listings.screening import active_encumbrances


def open_licence_stands(asset: Asset) -> bool:
    """Whether an open-licence declaration of the asset is on the market (no exclusive or sole licence
    may then be granted); for any app that records licences."""
    return Listing.objects.public().filter(deal_type=DealType.OPEN_LICENCE, items__asset=asset).exists()


def refuse_exclusive_while_open(asset: Asset, kind: str) -> None:
    """Registry rule: while an open-licence declaration stands, no exclusive or sole licence is granted."""
    exclusive = {Encumbrance.Kind.EXCLUSIVE_LICENCE, Encumbrance.Kind.SOLE_LICENCE}
    if kind in exclusive and open_licence_stands(asset):
        message = _(
            "An open-licence declaration of this patent stands: no exclusive or sole licence may be granted."
        )
        raise Conflict(message, field="kind")


def _check_taker(listing: Listing, organisation: Organisation, by: User) -> None:
    if not can_edit_for(by, organisation):
        raise Forbidden(_("Only members of %(org)s can take a licence for it.") % {"org": organisation.name})
    require_approved(organisation)
    if organisation.pk == listing.organisation_id:
        raise InvalidInput(_("The patentee does not need a licence of its own patent."), field="organisation")
    if listing.deal_type != DealType.OPEN_LICENCE:
        raise Conflict(_("This listing is not an open-licence declaration."))
    if not listing.is_public:
        raise Conflict(_("This open-licence declaration no longer stands."))


def _record_licence(listing: Listing, asset: Asset, organisation: Organisation, by: User) -> Encumbrance:
    encumbrance = Encumbrance.objects.create(
        asset=asset,
        kind=Encumbrance.Kind.NON_EXCLUSIVE_LICENCE,
        holder_name=organisation.name,
        holder_organisation=organisation,
        territories=listing.territories,
        field_of_use=", ".join(listing.fields_of_use)[:300],
        start_date=timezone.localdate(),
        reference=f"IPH-OL-{listing.pk}-{organisation.pk}",
    )
    record_event(
        asset,
        "asset.encumbered",
        actor=by,
        kind=encumbrance.kind,
        holder=organisation.name,
        listing=listing.pk,
    )
    return encumbrance


@transaction.atomic
def take_open_licence(
    *, listing: Listing, organisation: Organisation, by: User, payment_reference: str
) -> OpenLicenceGrant:
    """Notify and pay under the declaration: the licence is granted and recorded on every patent offered."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _check_taker(listing, organisation, by)
    if not payment_reference.strip():
        raise InvalidInput(_("Give the reference of your payment."), field="payment_reference")
    if OpenLicenceGrant.objects.filter(listing=listing, organisation=organisation).exists():
        raise Conflict(_("%(org)s already holds this open licence.") % {"org": organisation.name})
    grant = OpenLicenceGrant.objects.create(
        listing=listing,
        organisation=organisation,
        taken_by=by,
        fee_paid=listing.open_fee or 0,
        currency=listing.currency,
        royalty_rate=listing.open_royalty_rate,
        payment_method=listing.open_payment_method,
        payment_reference=payment_reference.strip()[:120],
    )
    patents = [item.asset for item in listing.items.select_related("asset") if item.asset.is_patent]
    grant.encumbrances.set([_record_licence(listing, asset, organisation, by) for asset in patents])
    record_event(
        listing, "listing.open_licence_taken", actor=by, organisation=organisation.pk, grant=grant.pk
    )
    from ledger.services import record as ledger_record

    # The declaration is public, and so is the licensee (licences under it are recorded openly), but a
    # confidential asset in the bundle is named only inside the commitment.
    public_numbers = [a.number for a in patents if a.visibility == Asset.Visibility.PUBLIC]
    ledger_record(
        "listing.open_licence_taken",
        subject=f"listing:{listing.pk}",
        public={"licensee": organisation.name, "assets": public_numbers, "kind": "non_exclusive_licence"},
        confidential={
            "assets": [a.number for a in patents],
            "payment_reference": grant.payment_reference,
            "fee": str(grant.fee_paid),
            "currency": grant.currency,
        },
        actor=by,
    )
    notify_members(listing.organisation, Notification.Kind.OPEN_LICENCE_TAKEN, listing=listing)
    return grant


@transaction.atomic
def record_pledgee_consent(
    *, listing: Listing, encumbrance: Encumbrance, by: User, reference: str = ""
) -> PledgeeConsent:
    """The pledgee agrees to the offer: given by the pledgee's own member, or recorded by the operator
    from a signed document (whose reference is then required)."""
    if (
        encumbrance.kind != Encumbrance.Kind.PLEDGE
        or not listing.items.filter(asset_id=encumbrance.asset_id).exists()
    ):
        raise InvalidInput(_("This is not a pledge of an asset in the listing."), field="encumbrance")
    if encumbrance not in active_encumbrances(encumbrance.asset, timezone.localdate()):
        raise Conflict(_("This pledge is no longer in force."))
    pledgee = encumbrance.holder_organisation
    is_pledgee = pledgee is not None and role_in(by, pledgee) in {
        Membership.Role.ADMIN,
        Membership.Role.MEMBER,
    }
    if not is_pledgee and not by.is_staff:
        raise Forbidden(_("Only the pledgee, or the operator with its signed consent, can consent."))
    if not is_pledgee and not reference.strip():
        raise InvalidInput(_("Give the reference of the pledgee's signed consent."), field="reference")
    consent, created = PledgeeConsent.objects.get_or_create(
        listing=listing,
        encumbrance=encumbrance,
        defaults={"given_by": by, "reference": reference.strip()[:200]},
    )
    if not created:
        raise Conflict(_("The pledgee has already consented to this listing."))
    record_event(
        listing,
        "listing.pledgee_consented",
        actor=by,
        encumbrance=encumbrance.pk,
        pledgee=encumbrance.holder_name,
    )
    return consent
