"""Automatic screening of a listing before the operator sees it.

Each check gives pass, warn or fail with the facts it relied on; any failure stops publication. The rules:
the seller owns every asset on the chain of title; nothing offered has expired; no exclusive or sole
licence already granted in the territory conflicts; a pledged asset is offered only with the pledgee's
consent (Civil Code of the PRC Art. 444); while an open-licence declaration stands no exclusive or sole
licence of that asset may be offered (Patent Law of the PRC Art. 51); an open licence states its royalty
standard and payment method, and a utility model or design carries a patent evaluation report (Art. 50).
"""

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset, Encumbrance
from assets.services import current_holder
from core.languages import fold
from listings import territories
from listings.choices import EXCLUSIVE, LICENCES, TRANSFERS, Corridor, DealType
from listings.models import Listing, PledgeeConsent

PASS, WARN, FAIL = "pass", "warn", "fail"
ENDED_STATUSES = {Asset.Status.EXPIRED, Asset.Status.LAPSED, Asset.Status.REVOKED, Asset.Status.WITHDRAWN}
# Rights that exist without a grant: they have no application to be pending.
UNREGISTERED_KINDS = {Asset.Kind.COPYRIGHT, Asset.Kind.TRADE_SECRET}
NEEDS_EVALUATION_REPORT = {Asset.Kind.UTILITY_MODEL, Asset.Kind.DESIGN, Asset.Kind.HK_SHORT_TERM}


@dataclass
class Check:
    code: str
    status: str
    asset: int | None = None
    number: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def active_encumbrances(asset: Asset, today: date) -> list[Encumbrance]:
    """The licences and pledges in effect today; an expired or released one blocks nothing."""
    return list(asset.encumbrances.active_on(today))


def fields_overlap(field_of_use: str, fields: list[str]) -> bool:
    """Blank means every field; otherwise two fields meet when one names the other."""
    if not field_of_use.strip() or not fields:
        return True
    mine = fold(field_of_use)
    return any(fold(f) in mine or mine in fold(f) for f in fields)


def _names(listing: Listing) -> set[str]:
    org = listing.organisation
    return {fold(n).strip() for n in (org.name, org.name_local) if n.strip()}


def check_title(listing: Listing, asset: Asset) -> Check:
    if asset.owner_id != listing.organisation_id:
        return Check("not_owner", FAIL, params={"owner": asset.owner.name if asset.owner else ""})
    last = asset.transfers.order_by("-date", "-id").first()
    if last is not None and last.to_organisation_id is not None:
        holds = last.to_organisation_id == listing.organisation_id
    else:
        holds = fold(current_holder(asset)).strip() in _names(listing)
    if not holds:
        return Check("holder_mismatch", FAIL, params={"holder": current_holder(asset)})
    return Check("title_ok", PASS, params={"holder": current_holder(asset)})


def check_in_force(listing: Listing, asset: Asset, today: date) -> Check:
    if asset.legal_status in ENDED_STATUSES:
        return Check("not_in_force", FAIL, params={"status": asset.legal_status})
    if asset.expiry_date and asset.expiry_date <= today:
        return Check("expired", FAIL, params={"expiry": asset.expiry_date.isoformat()})
    if asset.expiry_date and listing.expires_on and listing.expires_on > asset.expiry_date:
        return Check("offer_outlives_asset", WARN, params={"expiry": asset.expiry_date.isoformat()})
    expiry = {"expiry": asset.expiry_date.isoformat() if asset.expiry_date else ""}
    if asset.kind in UNREGISTERED_KINDS:
        return Check("protected_without_grant", PASS, params=expiry)
    if asset.legal_status == Asset.Status.PENDING:
        # An application can be offered, but nothing is in force until it is granted: say so.
        return Check("pending_application", WARN, params=expiry)
    return Check("in_force", PASS, params=expiry)


def check_licences(listing: Listing, active: list[Encumbrance]) -> list[Check]:
    checks = []
    for licence in active:
        if licence.kind == Encumbrance.Kind.PLEDGE:
            continue
        if not territories.overlap(licence.territories, listing.territories):
            continue
        if not fields_overlap(licence.field_of_use, listing.fields_of_use):
            continue
        params = {"kind": licence.kind, "holder": licence.holder_name, "territories": licence.territories}
        exclusive = licence.kind in {Encumbrance.Kind.EXCLUSIVE_LICENCE, Encumbrance.Kind.SOLE_LICENCE}
        if exclusive and listing.deal_type in LICENCES:
            checks.append(Check("exclusive_licence_conflict", FAIL, params=params))
        elif exclusive:
            checks.append(Check("licence_survives", WARN, params=params))
        elif listing.deal_type in EXCLUSIVE:
            checks.append(Check("non_exclusive_licensee_remains", WARN, params=params))
    return checks or [Check("no_licence_conflict", PASS)]


def check_pledges(listing: Listing, active: list[Encumbrance]) -> list[Check]:
    pledges = [e for e in active if e.kind == Encumbrance.Kind.PLEDGE]
    consented = (
        set(
            PledgeeConsent.objects.filter(listing=listing, encumbrance__in=pledges).values_list(
                "encumbrance", flat=True
            )
        )
        if listing.pk
        else set()
    )
    checks = []
    for pledge in pledges:
        params = {"pledgee": pledge.holder_name, "pledge": pledge.pk}
        if pledge.pk in consented:
            checks.append(Check("pledge_consented", PASS, params=params))
        elif listing.deal_type in TRANSFERS or listing.deal_type in LICENCES:
            checks.append(Check("pledged_without_consent", FAIL, params=params))
        else:
            checks.append(Check("pledged", WARN, params=params))
    return checks or [Check("no_pledge", PASS)]


def _other_public_listings(listing: Listing, asset: Asset):
    return Listing.objects.public().filter(items__asset=asset).exclude(pk=listing.pk)


def check_open_licence_conflicts(listing: Listing, asset: Asset) -> list[Check]:
    if listing.deal_type == DealType.OPEN_LICENCE:
        exclusive = _other_public_listings(listing, asset).filter(deal_type__in=EXCLUSIVE)
        return [Check("exclusive_offer_standing", WARN, params={"listing": other.pk}) for other in exclusive]
    if listing.deal_type not in EXCLUSIVE:
        return []
    others = _other_public_listings(listing, asset).filter(deal_type__in=[*EXCLUSIVE, DealType.OPEN_LICENCE])
    checks = []
    for other in others:
        if other.deal_type == DealType.OPEN_LICENCE:
            checks.append(Check("open_licence_declared", FAIL, params={"listing": other.pk}))
        elif territories.overlap(other.territories, listing.territories):
            checks.append(Check("competing_exclusive_offer", WARN, params={"listing": other.pk}))
    return checks


def check_open_licence_terms(listing: Listing, assets: list[Asset]) -> list[Check]:
    if listing.deal_type != DealType.OPEN_LICENCE:
        return []
    checks = []
    if listing.open_fee is None and listing.open_royalty_rate is None:
        checks.append(Check("open_licence_without_royalty", FAIL))
    if not listing.open_payment_method:
        checks.append(Check("open_licence_without_payment_method", FAIL))
    for asset in assets:
        if not asset.is_patent:
            checks.append(Check("open_licence_not_a_patent", FAIL, asset.pk, asset.number))
        elif asset.kind in NEEDS_EVALUATION_REPORT and not listing.evaluation_report_reference.strip():
            checks.append(Check("evaluation_report_missing", FAIL, asset.pk, asset.number))
    return checks or [Check("open_licence_terms_ok", PASS)]


def check_corridor(listing: Listing) -> list[Check]:
    seller_mainland = listing.organisation.jurisdiction == "CN"
    if listing.corridor == Corridor.MAINLAND_TO_OVERSEAS:
        if not seller_mainland:
            return [Check("corridor_seller_not_mainland", WARN)]
        if territories.is_mainland_only(listing.territories):
            return [Check("corridor_territory_mainland_only", WARN)]
    overseas_in = listing.corridor == Corridor.OVERSEAS_TO_MAINLAND
    if overseas_in and listing.territories and "CN" not in territories.expand(listing.territories):
        return [Check("corridor_territory_excludes_mainland", WARN)]
    return []


def _asset_checks(listing: Listing, asset: Asset, today: date) -> list[Check]:
    active = active_encumbrances(asset, today)
    checks = [check_title(listing, asset), check_in_force(listing, asset, today)]
    checks += check_licences(listing, active) + check_pledges(listing, active)
    checks += check_open_licence_conflicts(listing, asset)
    for check in checks:
        check.asset, check.number = asset.pk, asset.number
    return checks


def screen(listing: Listing, *, today: date | None = None) -> list[Check]:
    """Every automatic check of the listing, in a stable order."""
    today = today or timezone.localdate()
    assets = (
        [item.asset for item in listing.items.select_related("asset", "asset__owner")] if listing.pk else []
    )
    checks = [Check("seller_approved", PASS if listing.organisation.can_publish else FAIL)]
    if not assets:
        checks.append(Check("no_assets", FAIL))
    for asset in assets:
        checks += _asset_checks(listing, asset, today)
    checks += check_open_licence_terms(listing, assets) + check_corridor(listing)
    return checks


def failures(checks: list[Check] | list[dict]) -> list[dict]:
    rows = [c.as_dict() if isinstance(c, Check) else c for c in checks]
    return [row for row in rows if row["status"] == FAIL]


def message(check: dict) -> str:
    """The check in the reader's language."""
    params = {
        key: (", ".join(value) if isinstance(value, list) else value)
        for key, value in check["params"].items()
    }
    params.setdefault("number", check.get("number") or "—")
    template = _MESSAGES.get(check["code"])
    return str(template()) % params if template else check["code"]


_MESSAGES = {
    "seller_approved": lambda: _("The seller is an approved member."),
    "no_assets": lambda: _("The listing offers no asset."),
    "not_owner": lambda: _("%(number)s is managed by another organisation (%(owner)s)."),
    "holder_mismatch": lambda: _("The chain of title of %(number)s ends with %(holder)s, not the seller."),
    "title_ok": lambda: _("The seller holds %(number)s on the chain of title (%(holder)s)."),
    "not_in_force": lambda: _("%(number)s is no longer in force (%(status)s)."),
    "expired": lambda: _("%(number)s expired on %(expiry)s."),
    "offer_outlives_asset": lambda: _("The offer runs past the expiry of %(number)s (%(expiry)s)."),
    "in_force": lambda: _("%(number)s is granted and in force."),
    "pending_application": lambda: _("%(number)s is a pending application: no right is granted yet."),
    "protected_without_grant": lambda: _("%(number)s is protected without a grant (copyright or know-how)."),
    "exclusive_licence_conflict": lambda: _(
        "%(number)s is under an exclusive or sole licence to %(holder)s in an overlapping territory."
    ),
    "licence_survives": lambda: _(
        "%(number)s is under an exclusive or sole licence to %(holder)s, which survives a transfer."
    ),
    "non_exclusive_licensee_remains": lambda: _(
        "%(number)s is already licensed non-exclusively to %(holder)s in an overlapping territory."
    ),
    "no_licence_conflict": lambda: _("No licence of %(number)s conflicts."),
    "pledge_consented": lambda: _("%(number)s is pledged to %(pledgee)s, who consented to this offer."),
    "pledged_without_consent": lambda: _(
        "%(number)s is pledged to %(pledgee)s; it cannot be offered without the pledgee's consent."
    ),
    "pledged": lambda: _("%(number)s is pledged to %(pledgee)s."),
    "no_pledge": lambda: _("%(number)s is not pledged."),
    "open_licence_declared": lambda: _(
        "An open-licence declaration for %(number)s stands; no exclusive or sole licence may be offered."
    ),
    "competing_exclusive_offer": lambda: _(
        "Another exclusive offer of %(number)s covers an overlapping territory."
    ),
    "exclusive_offer_standing": lambda: _(
        "An exclusive or sole offer of %(number)s is on the market; withdraw it before declaring."
    ),
    "open_licence_without_royalty": lambda: _("An open licence must declare its royalty standard."),
    "open_licence_without_payment_method": lambda: _("An open licence must declare its payment method."),
    "open_licence_not_a_patent": lambda: _("Only patents can be offered under an open licence (%(number)s)."),
    "evaluation_report_missing": lambda: _(
        "%(number)s is a utility model or design: an open licence needs its patent evaluation report."
    ),
    "open_licence_terms_ok": lambda: _("The open-licence terms are declared."),
    "corridor_seller_not_mainland": lambda: _(
        "The corridor is mainland → overseas but the seller is not on the mainland."
    ),
    "corridor_territory_mainland_only": lambda: _(
        "The corridor is mainland → overseas but the territory is the mainland only."
    ),
    "corridor_territory_excludes_mainland": lambda: _(
        "The corridor is overseas → mainland but the territory excludes the mainland."
    ),
}
