"""Every state change of a listing: drafting, screening, the operator's decision, leads, closing.

Lifecycle: draft → submitted → published → under negotiation → closed (deal, withdrawn, expired);
the operator may reject a submission with a reason, which sends it back to the seller for changes.
Each step is an event; publication and closing also go to the transparency log.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.permissions import can_edit_for
from accounts.services import require_approved
from assets.models import Asset
from core.access import DECIDE, is_staff, may
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.hooks import Hook
from core.languages import detect_language
from core.money import check_currency, to_decimal
from core.validators import check_fields
from listings import screening, territories
from listings.choices import Corridor, DealType, PaymentMethod
from listings.models import Interest, Listing, ListingAsset, Notification
from listings.notify import notify_members

TEXT_FIELDS = ("title", "summary", "confidential_details", "open_terms", "evaluation_report_reference")
MONEY_FIELDS = ("upfront_min", "upfront_max", "open_fee")
PERCENT_FIELDS = ("royalty_min", "royalty_max", "open_royalty_rate")
EDITABLE_FIELDS = (
    *TEXT_FIELDS,
    *MONEY_FIELDS,
    *PERCENT_FIELDS,
    "deal_type",
    "corridor",
    "territories",
    "fields_of_use",
    "currency",
    "open_payment_method",
    "expires_on",
)
MAX_FIELDS_OF_USE = 20
CENTS, PERCENT_PLACES = Decimal("0.01"), Decimal("0.001")
MAX_AMOUNT = Decimal(10) ** 16  # what the columns hold (18 digits, 2 after the point)
MAX_ASSETS = 50
# Called inside the transaction that accepts a lead, with (interest, by); apps higher in the house register
# here in ready() (the deal rooms open a room), so that the marketplace never imports them.
INTEREST_ACCEPTED: Hook[[Interest, User]] = Hook("interest accepted")


def _choice(value: str, allowed: list[str], field: str) -> str:
    if value not in allowed:
        message = _("%(field)s must be one of: %(allowed)s.") % {
            "field": field,
            "allowed": ", ".join(allowed),
        }
        raise InvalidInput(message, field=field)
    return value


def _amount(value: Any, field: str, *, places: Decimal, ceiling: Decimal | None = None) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = to_decimal(value, field=field)
    except InvalidInput as error:
        raise InvalidInput(error.detail, field=field) from None
    if number < 0 or number >= MAX_AMOUNT or (ceiling is not None and number > ceiling):
        raise InvalidInput(_("%(field)s is out of range.") % {"field": field}, field=field)
    if number != number.quantize(places):
        raise InvalidInput(_("%(field)s has too many decimal places.") % {"field": field}, field=field)
    return number.quantize(places)


def _fields_of_use(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    cleaned = list(dict.fromkeys(str(item).strip()[:200] for item in items if str(item).strip()))
    if len(cleaned) > MAX_FIELDS_OF_USE:
        raise InvalidInput(
            _("Name at most %(n)d fields of use.") % {"n": MAX_FIELDS_OF_USE}, field="fields_of_use"
        )
    return cleaned


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise listing fields; anything wrong is refused with the field named."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = _normalised(fields)
    if "deal_type" in cleaned:
        _choice(cleaned["deal_type"], DealType.values, "deal_type")
    if "corridor" in cleaned:
        _choice(cleaned["corridor"], Corridor.values, "corridor")
    if cleaned.get("open_payment_method"):
        _choice(cleaned["open_payment_method"], PaymentMethod.values, "open_payment_method")
    if "currency" in cleaned:
        cleaned["currency"] = check_currency(cleaned["currency"])
    if "territories" in cleaned:
        cleaned["territories"] = territories.clean(cleaned["territories"])
    if "fields_of_use" in cleaned:
        cleaned["fields_of_use"] = _fields_of_use(cleaned["fields_of_use"])
    return cleaned


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Texts stripped, amounts and percentages as Decimals to their places."""
    cleaned = dict(fields)
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    for name in MONEY_FIELDS:
        if name in cleaned:
            cleaned[name] = _amount(cleaned[name], name, places=CENTS)
    for name in PERCENT_FIELDS:
        if name in cleaned:
            cleaned[name] = _amount(cleaned[name], name, places=PERCENT_PLACES, ceiling=Decimal(100))
    return cleaned


def _check_listing(listing: Listing) -> None:
    if not listing.title:
        raise InvalidInput(_("A listing needs a headline."), field="title")
    for low, high in (("upfront_min", "upfront_max"), ("royalty_min", "royalty_max")):
        a, b = getattr(listing, low), getattr(listing, high)
        if a is not None and b is not None and a > b:
            raise InvalidInput(_("The lower end of a range is above its upper end."), field=low)
    if listing.expires_on and listing.expires_on < timezone.localdate():
        raise InvalidInput(_("The offer cannot end in the past."), field="expires_on")


def _require_editor(user: User, organisation: Organisation) -> None:
    if not can_edit_for(user, organisation):
        raise Forbidden(_("Only members of %(org)s can manage its listings.") % {"org": organisation.name})


def _require_seller_decision(user: User, listing: Listing) -> None:
    """A lead is the seller's own business: its members decide it, never the operator's staff in its name."""
    if may(user, listing, DECIDE):
        return
    if is_staff(user):
        message = _(
            "Only the seller's members accept or decline a lead: the operator's staff do not decide it."
        )
        raise Forbidden(message)
    raise Forbidden(
        _("Only members of %(org)s can manage its listings.") % {"org": listing.organisation.name}
    )


def _set_assets(listing: Listing, assets: list[Asset]) -> None:
    if not assets:
        raise InvalidInput(_("Choose at least one asset to offer."), field="assets")
    if len(assets) > MAX_ASSETS:
        raise InvalidInput(_("A bundle holds at most %(n)d assets.") % {"n": MAX_ASSETS}, field="assets")
    for asset in assets:
        if asset.owner_id != listing.organisation_id:
            message = _("%(asset)s is not managed by %(org)s.") % {
                "asset": asset.number or asset.title[:60],
                "org": listing.organisation.name,
            }
            raise InvalidInput(message, field="assets")
    listing.items.all().delete()
    rows = []
    for position, asset in enumerate(dict.fromkeys(assets)):
        role = ListingAsset.Role.MAIN if position == 0 else ListingAsset.Role.PORTFOLIO
        if asset.kind == Asset.Kind.TRADE_SECRET and position:
            role = ListingAsset.Role.KNOW_HOW
        rows.append(ListingAsset(listing=listing, asset=asset, role=role, position=position))
    ListingAsset.objects.bulk_create(rows)


@transaction.atomic
def create_listing(*, organisation: Organisation, by: User, assets: list[Asset], **fields: Any) -> Listing:
    """A draft listing of the organisation's assets (the first is the main one)."""
    _require_editor(by, organisation)
    require_approved(organisation)
    fields = clean_fields(fields)
    fields.setdefault("deal_type", DealType.NON_EXCLUSIVE_LICENCE)
    listing = Listing(organisation=organisation, created_by=by, **fields)
    listing.original_language = detect_language(f"{listing.title} {listing.summary}")
    check_fields(listing, fields)
    _check_listing(listing)
    listing.save()
    _set_assets(listing, assets)
    record_event(
        listing, "listing.created", actor=by, organisation=organisation.pk, deal_type=listing.deal_type
    )
    return listing


@transaction.atomic
def update_listing(
    *, listing: Listing, by: User, assets: list[Asset] | None = None, **fields: Any
) -> Listing:
    """Change a draft (or a rejected listing before it is submitted again)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    _require_editor(by, listing.organisation)
    if not listing.is_editable:
        raise Conflict(_("Only a draft or a rejected listing can be changed; withdraw it and list again."))
    changed = {name: value for name, value in clean_fields(fields).items() if getattr(listing, name) != value}
    for name, value in changed.items():
        setattr(listing, name, value)
    listing.original_language = detect_language(f"{listing.title} {listing.summary}")
    check_fields(listing, changed)
    _check_listing(listing)
    listing.save()
    if assets is not None:
        _set_assets(listing, assets)
    record_event(
        listing,
        "listing.updated",
        actor=by,
        fields=sorted(changed) + (["assets"] if assets is not None else []),
    )
    return listing


def _store_screening(listing: Listing, checks: list[screening.Check]) -> None:
    listing.screening = [check.as_dict() for check in checks]
    listing.screened_at = timezone.now()
    Listing.objects.filter(pk=listing.pk).update(screening=listing.screening, screened_at=listing.screened_at)


def _refuse(failed: list[dict]) -> Conflict:
    reasons = "; ".join(screening.message(check) for check in failed)
    return Conflict(_("Screening found problems: %(reasons)s") % {"reasons": reasons})


def submit_listing(*, listing: Listing, by: User) -> Listing:
    """Run the automatic checks; a clean listing goes to the operator, a failing one stays with the seller
    (the results are kept either way, so that the seller sees what to fix)."""
    _require_editor(by, listing.organisation)
    with transaction.atomic():
        listing = Listing.objects.select_for_update().get(pk=listing.pk)
        if not listing.is_editable:
            raise Conflict(_("This listing has already been submitted."))
        checks = screening.screen(listing)
        _store_screening(listing, checks)
        record_event(listing, "listing.screened", actor=by, failures=len(screening.failures(checks)))
    failed = screening.failures(checks)
    if failed:
        raise _refuse(failed)
    with transaction.atomic():
        listing.status, listing.submitted_at, listing.rejection_reason = (
            Listing.Status.SUBMITTED,
            timezone.now(),
            "",
        )
        listing.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
        record_event(listing, "listing.submitted", actor=by)
    return listing


def _public_facts(listing: Listing) -> dict:
    numbers = [
        i.asset.number for i in listing.items.select_related("asset") if i.asset.visibility == "public"
    ]
    return {
        "title": listing.title,
        "seller": listing.organisation.name,
        "deal_type": listing.deal_type,
        "territories": listing.territories,
        "assets": numbers,
    }


def _log(kind: str, listing: Listing, actor: User | None, **public: Any) -> None:
    from ledger.services import record as ledger_record

    ledger_record(
        kind, subject=f"listing:{listing.pk}", public={**_public_facts(listing), **public}, actor=actor
    )


@transaction.atomic
def approve_listing(*, listing: Listing, by: User) -> Listing:
    """The operator publishes a submitted listing, after the checks pass once more."""
    if not by.is_staff:
        raise Forbidden(_("Only the operator approves listings."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.SUBMITTED:
        raise Conflict(_("Only a submitted listing can be approved."))
    checks = screening.screen(listing)
    _store_screening(listing, checks)
    failed = screening.failures(checks)
    if failed:
        raise _refuse(failed)
    listing.status, listing.published_at, listing.reviewed_by = Listing.Status.PUBLISHED, timezone.now(), by
    listing.save(update_fields=["status", "published_at", "reviewed_by", "updated_at"])
    record_event(listing, "listing.published", actor=by)
    _log("listing.published", listing, by)
    notify_members(listing.organisation, Notification.Kind.LISTING_PUBLISHED, listing=listing)
    _schedule_alerts(listing)
    return listing


def _schedule_alerts(listing: Listing) -> None:
    from listings.tasks import alert_subscribers

    listing_id = listing.pk
    transaction.on_commit(lambda: alert_subscribers.enqueue(listing_id))


@transaction.atomic
def reject_listing(*, listing: Listing, by: User, reason: str) -> Listing:
    if not by.is_staff:
        raise Forbidden(_("Only the operator rejects listings."))
    if not reason.strip():
        raise InvalidInput(_("Give the seller a reason."), field="reason")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.SUBMITTED:
        raise Conflict(_("Only a submitted listing can be rejected."))
    listing.status, listing.rejection_reason, listing.reviewed_by = (
        Listing.Status.REJECTED,
        reason.strip(),
        by,
    )
    check_fields(listing, ["rejection_reason"])
    listing.save(update_fields=["status", "rejection_reason", "reviewed_by", "updated_at"])
    record_event(listing, "listing.rejected", actor=by, reason=listing.rejection_reason)
    notify_members(
        listing.organisation, Notification.Kind.LISTING_REJECTED, listing=listing, note=reason.strip()[:500]
    )
    return listing


@transaction.atomic
def close_listing(*, listing: Listing, by: User | None, outcome: str, note: str = "") -> Listing:
    """Take a listing off the market: a deal was done, the seller withdrew it, or it expired.

    Open licences already granted stay in force when an open-licence declaration is withdrawn.
    """
    if by is not None and not by.is_staff:
        _require_editor(by, listing.organisation)
    _choice(outcome, Listing.Outcome.values, "outcome")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status == Listing.Status.CLOSED:
        raise Conflict(_("This listing is already closed."))
    if outcome == Listing.Outcome.DEAL and not listing.is_public:
        raise Conflict(_("Only a listing on the market can close with a deal."))
    was_public = listing.is_public
    listing.status, listing.outcome, listing.outcome_note = Listing.Status.CLOSED, outcome, note.strip()
    listing.closed_at = timezone.now()
    check_fields(listing, ["outcome_note"])
    listing.save(update_fields=["status", "outcome", "outcome_note", "closed_at", "updated_at"])
    record_event(listing, "listing.closed", actor=by, outcome=outcome)
    if was_public or listing.published_at:
        _log("listing.closed", listing, by, outcome=outcome)
    return listing


def expire_listings(*, today: date | None = None) -> int:
    """Close every listing on the market whose offer date has passed or whose assets have all ended."""
    today = today or timezone.localdate()
    closed = 0
    for listing in Listing.objects.public().select_related("organisation"):
        dated = listing.expires_on is not None and listing.expires_on < today
        assets = [item.asset for item in listing.items.select_related("asset")]
        ended = bool(assets) and all(
            screening.check_in_force(listing, a, today).status == screening.FAIL for a in assets
        )
        if dated or ended:
            close_listing(listing=listing, by=None, outcome=Listing.Outcome.EXPIRED)
            closed += 1
    return closed


# ---- leads ----------------------------------------------------------------------------------------------


@transaction.atomic
def express_interest(
    *, listing: Listing, organisation: Organisation, by: User, message: str = ""
) -> Interest:
    """A lead in the seller's inbox; the seller decides whether to open the confidential part."""
    if not can_edit_for(by, organisation):
        raise Forbidden(
            _("Only members of %(org)s can express interest for it.") % {"org": organisation.name}
        )
    require_approved(organisation)
    if organisation.pk == listing.organisation_id:
        raise InvalidInput(_("You cannot express interest in your own listing."), field="organisation")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if not listing.is_public:
        raise Conflict(_("This listing is not on the market."))
    if Interest.objects.filter(listing=listing, organisation=organisation).exists():
        raise Conflict(_("%(org)s has already expressed interest.") % {"org": organisation.name})
    interest = Interest(listing=listing, organisation=organisation, created_by=by, message=message.strip())
    check_fields(interest, ["message"])  # too long is refused, not cut
    interest.save()
    record_event(
        listing, "listing.interest_expressed", actor=by, organisation=organisation.pk, interest=interest.pk
    )
    notify_members(
        listing.organisation, Notification.Kind.INTEREST_RECEIVED, listing=listing, interest=interest
    )
    return interest


def _log_lead_accepted(listing: Listing, interest: Interest, by: User) -> None:
    """Accepting a lead opens the confidential part to one more organisation, so it is logged; who the
    buyer is and what the seller wrote stay inside the commitment (a lead is private to both sides)."""
    from ledger.services import record as ledger_record

    ledger_record(
        "listing.lead_accepted",
        subject=f"listing:{listing.pk}",
        public={"status": listing.status},
        confidential={
            "interest": interest.pk,
            "buyer": interest.organisation.name,
            "note": interest.decision_note,
        },
        actor=by,
    )


@transaction.atomic
def decide_interest(*, interest: Interest, by: User, accept: bool, note: str = "") -> Interest:
    """The seller accepts (the buyer sees the confidential part; negotiation starts) or declines a lead; the
    operator's staff see the lead but do not decide it (403)."""
    interest = Interest.objects.select_for_update().select_related("listing").get(pk=interest.pk)
    listing = interest.listing
    _require_seller_decision(by, listing)
    if interest.status != Interest.Status.PENDING:
        raise Conflict(_("This lead has already been decided."))
    if accept and not listing.is_public:
        raise Conflict(_("This listing is not on the market."))
    interest.status = Interest.Status.ACCEPTED if accept else Interest.Status.DECLINED
    interest.decided_by, interest.decided_at, interest.decision_note = by, timezone.now(), note.strip()
    check_fields(interest, ["decision_note"])
    interest.save()
    if accept and listing.status == Listing.Status.PUBLISHED:
        listing.status = Listing.Status.UNDER_NEGOTIATION
        listing.save(update_fields=["status", "updated_at"])
        record_event(listing, "listing.under_negotiation", actor=by, interest=interest.pk)
    record_event(
        listing, f"listing.interest_{interest.status}", actor=by, organisation=interest.organisation_id
    )
    if accept:
        _log_lead_accepted(listing, interest, by)
    kind = Notification.Kind.INTEREST_ACCEPTED if accept else Notification.Kind.INTEREST_DECLINED
    notify_members(interest.organisation, kind, listing=listing, interest=interest)
    if accept:
        INTEREST_ACCEPTED.announce(interest, by)
    return interest
