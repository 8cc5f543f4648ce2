"""Recording a signed deal in the registry: a licence becomes an encumbrance on each asset, an assignment
moves title; refused where the registry says no (an exclusive licence already granted in the territory and
field, a standing open-licence declaration, a pledge without the pledgee's consent)."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assets import services as registry
from assets.models import Asset, Encumbrance
from core.errors import Conflict
from deals.models import DealRoom
from listings import territories
from listings.choices import LICENCES, TRANSFERS
from listings.models import PledgeeConsent
from listings.open_licence import open_licence_stands
from listings.screening import active_encumbrances, fields_overlap

KINDS = {
    "exclusive": Encumbrance.Kind.EXCLUSIVE_LICENCE,
    "sole": Encumbrance.Kind.SOLE_LICENCE,
    "non_exclusive": Encumbrance.Kind.NON_EXCLUSIVE_LICENCE,
}
EXCLUSIVE_KINDS = {Encumbrance.Kind.EXCLUSIVE_LICENCE, Encumbrance.Kind.SOLE_LICENCE}


def granted_countries(terms: dict) -> tuple[frozenset[str], frozenset[str]]:
    """The countries granted (empty: worldwide) and those carved out of them."""
    table = territories.group_table()
    return territories.expand(terms["territories"], table), territories.expand(
        terms["excluded_territories"], table
    )


def territories_meet(existing: list[str], terms: dict) -> bool:
    """Whether an existing grant's territory meets the new one once the excluded territories are taken out."""
    granted, excluded = granted_countries(terms)
    held = territories.expand(existing)
    if not held:
        return True
    shared = held if not granted else held & granted
    return bool(shared - excluded)


def _licence_conflict(asset: Asset, licence: Encumbrance, terms: dict) -> str | None:
    if not territories_meet(licence.territories, terms):
        return None
    if not fields_overlap(licence.field_of_use, [terms["field_of_use"]] if terms["field_of_use"] else []):
        return None
    new_kind = KINDS[terms["exclusivity"]]
    if licence.kind in EXCLUSIVE_KINDS or new_kind in EXCLUSIVE_KINDS:
        return _(
            "%(number)s is already licensed (%(kind)s) to %(holder)s in an overlapping territory and field."
        ) % {
            "number": asset.number or asset.pk,
            "kind": licence.get_kind_display(),
            "holder": licence.holder_name,
        }
    return None


def _pledge_conflict(room: DealRoom, asset: Asset, pledge: Encumbrance) -> str | None:
    consented = (
        room.listing_id
        and PledgeeConsent.objects.filter(listing_id=room.listing_id, encumbrance=pledge).exists()
    )
    if consented:
        return None
    return _("%(number)s is pledged to %(pledgee)s, who has not consented to this deal.") % {
        "number": asset.number or asset.pk,
        "pledgee": pledge.holder_name,
    }


def conflicts(room: DealRoom, terms: dict, *, today: date | None = None) -> list[str]:
    """Every reason the registry refuses to record these terms (empty when it can)."""
    today = today or timezone.localdate()
    reasons: list[str] = []
    licence = terms["deal_type"] in LICENCES
    for asset in Asset.objects.filter(pk__in=terms["assets"]):
        for held in active_encumbrances(asset, today):
            if held.kind == Encumbrance.Kind.PLEDGE:
                if licence or terms["deal_type"] in TRANSFERS:
                    reasons.append(_pledge_conflict(room, asset, held) or "")
            elif licence:
                reasons.append(_licence_conflict(asset, held, terms) or "")
        if licence and KINDS[terms["exclusivity"]] in EXCLUSIVE_KINDS and open_licence_stands(asset):
            reasons.append(
                _(
                    "An open-licence declaration of %(number)s stands: no exclusive or sole licence may be "
                    "granted."
                )
                % {"number": asset.number or asset.pk}
            )
    return [reason for reason in reasons if reason]


def check_recordal(room: DealRoom, terms: dict) -> None:
    found = conflicts(room, terms)
    if found:
        raise Conflict(_("The registry cannot record this deal: %(reasons)s") % {"reasons": " ".join(found)})


def _end(start: date, years: int | None) -> date | None:
    if not years:
        return None
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _excluded_note(terms: dict) -> str:
    return f" ex-{','.join(terms['excluded_territories'])}" if terms["excluded_territories"] else ""


def record(room: DealRoom, terms: dict, *, by: User, reference: str) -> dict:
    """Write the deal into the registry (inside the signing transaction); returns what was recorded."""
    check_recordal(room, terms)
    today = timezone.localdate()
    assets = list(Asset.objects.filter(pk__in=terms["assets"]).order_by("pk"))
    recorded: dict = {"encumbrances": [], "transfers": []}
    if terms["deal_type"] in LICENCES:
        granted, excluded = granted_countries(terms)
        codes = sorted(granted - excluded) if granted and excluded else terms["territories"]
        for asset in assets:
            encumbrance = registry.add_encumbrance(
                asset=asset,
                by=by,
                kind=KINDS[terms["exclusivity"]],
                holder_name=room.buyer.name,
                holder_organisation=room.buyer,
                territories=codes,
                field_of_use=terms["field_of_use"][:300],
                start_date=today,
                end_date=_end(today, terms["term_years"]),
                reference=(reference + _excluded_note(terms))[:120],
            )
            recorded["encumbrances"].append(encumbrance.pk)
    elif terms["deal_type"] in TRANSFERS:
        for asset in assets:
            transfer = registry.record_transfer(
                asset=asset,
                by=by,
                day=today,
                to_name=room.buyer.name,
                to_organisation=room.buyer,
                reference=reference,
            )
            recorded["transfers"].append(transfer.pk)
    return recorded
