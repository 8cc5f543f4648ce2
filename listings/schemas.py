"""API schemas of the marketplace. Money leaves as decimal strings and must arrive as strings."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from ninja import Field, Schema

from assets.models import BiomedicalProfile
from core.bounds import Id, Small
from core.schemas import many_of, one_of
from listings.choices import Corridor, DealType
from listings.models import Listing, Need, Subscription


class FacetOut(Schema):
    value: str
    label: str
    count: int


class ListingSummaryOut(Schema):
    id: int
    title: str
    summary: str
    status: str
    deal_type: str
    corridor: str
    territories: list[str]
    fields_of_use: list[str]
    seller: str = Field(..., alias="organisation.slug")
    seller_name: str = Field(..., alias="organisation.name")
    seller_country: str
    currency: str
    upfront_min: Decimal | None
    upfront_max: Decimal | None
    royalty_min: Decimal | None
    royalty_max: Decimal | None
    modality: str
    phase: int | None
    indications: list[str]
    published_at: datetime | None


class ListingSearchItem(ListingSummaryOut):
    main_asset_number: str = Field(
        "", description="The number of the listing's main asset; empty when that asset is confidential"
    )
    snippet: str = Field(
        "", description="The stretch of the summary around the first word matched (empty without words)"
    )


class SearchOut(Schema):
    total: int
    next_cursor: str
    items: list[ListingSearchItem]
    facets: dict[str, list[FacetOut]]


class ListedAssetOut(Schema):
    id: int | None
    number: str
    title: str
    kind: str
    role: str
    main: bool = Field(False, description="Whether this is the listing's main asset (always listed first).")


class ListingTranslationIn(Schema):
    language_code: str = one_of(settings.LANGUAGES)
    title: str = Field(..., description="The headline in that language.")
    summary: str = Field("", description="The public teaser in that language.")


class ListingTranslationOut(Schema):
    language_code: str
    title: str
    summary: str


class ListingDetailOut(ListingSummaryOut):
    original_language: str
    translations: list[ListingTranslationOut] = Field(
        ..., description="The seller's own headline and teaser in other languages than the original."
    )
    assets: list[ListedAssetOut]
    main_asset: int | None = Field(
        None, description="The main asset's id, one of `assets`; none while it is confidential."
    )
    open_fee: Decimal | None
    open_royalty_rate: Decimal | None
    open_payment_method: str
    open_terms: str
    evaluation_report_reference: str
    expires_on: date | None
    outcome: str
    rejection_reason: str
    confidential_details: str | None = Field(None, description="For the seller, staff and accepted buyers.")

    @staticmethod
    def resolve_assets(obj) -> list[dict]:
        """Every asset offered; those the registry keeps confidential show only their kind."""
        rows = []
        for item in obj.items.select_related("asset"):
            asset, public = item.asset, item.asset.visibility == "public"
            rows.append(
                {
                    "id": asset.pk if public else None,
                    "number": asset.number if public else "",
                    "title": asset.title if public else "",
                    "kind": asset.kind,
                    "role": item.role,
                    "main": asset.pk == obj.main_asset_id,
                }
            )
        return rows

    @staticmethod
    def resolve_translations(obj) -> list[dict]:
        return list(obj.translations.order_by("language_code").values("language_code", "title", "summary"))

    @staticmethod
    def resolve_main_asset(obj) -> int | None:
        main = obj.main_asset
        return main.pk if main is not None and main.visibility == "public" else None

    @staticmethod
    def resolve_confidential_details(obj, context) -> str | None:
        from listings.permissions import can_see_confidential

        return obj.confidential_details if can_see_confidential(context["request"].user, obj) else None

    @staticmethod
    def resolve_rejection_reason(obj, context) -> str:
        from listings.permissions import can_manage

        return obj.rejection_reason if can_manage(context["request"].user, obj) else ""


class ListingIn(Schema):
    organisation: str = Field(..., description="Slug of the selling organisation.")
    assets: list[Id] = Field(..., description="Asset ids offered together.")
    main_asset: Id | None = Field(None, description="One of `assets`, shown first; else the first of them.")
    translations: list[ListingTranslationIn] = []
    title: str
    summary: str = ""
    confidential_details: str = ""
    deal_type: str = one_of(DealType)
    corridor: str = one_of(Corridor, "any")
    territories: list[str] = []
    fields_of_use: list[str] = []
    currency: str = "USD"
    upfront_min: str | None = None
    upfront_max: str | None = None
    royalty_min: str | None = None
    royalty_max: str | None = None
    open_fee: str | None = None
    open_royalty_rate: str | None = None
    open_payment_method: str = ""
    open_terms: str = ""
    evaluation_report_reference: str = ""
    expires_on: date | None = None


class ListingPatch(Schema):
    assets: list[Id] | None = None
    main_asset: Id | None = Field(None, description="One of the assets offered (after this change).")
    translations: list[ListingTranslationIn] | None = None
    title: str | None = None
    summary: str | None = None
    confidential_details: str | None = None
    deal_type: str | None = None
    corridor: str | None = None
    territories: list[str] | None = None
    fields_of_use: list[str] | None = None
    currency: str | None = None
    upfront_min: str | None = None
    upfront_max: str | None = None
    royalty_min: str | None = None
    royalty_max: str | None = None
    open_fee: str | None = None
    open_royalty_rate: str | None = None
    open_payment_method: str | None = None
    open_terms: str | None = None
    evaluation_report_reference: str | None = None
    expires_on: date | None = None


class CheckOut(Schema):
    code: str
    status: str
    asset: int | None
    number: str
    message: str


class ScreeningOut(Schema):
    screened_at: datetime | None
    checks: list[CheckOut]


class ReasonIn(Schema):
    reason: str


class CloseIn(Schema):
    outcome: str = one_of(Listing.Outcome)
    note: str = ""


class InterestIn(Schema):
    organisation: str
    message: str = ""


class NoteIn(Schema):
    note: str = ""


class InterestOut(Schema):
    id: int
    listing: int = Field(..., alias="listing_id")
    listing_title: str = Field(..., alias="listing.title")
    organisation: str = Field(..., alias="organisation.slug")
    status: str
    message: str
    decision_note: str
    created_at: datetime
    decided_at: datetime | None


class OpenLicenceIn(Schema):
    organisation: str
    payment_reference: str


class GrantOut(Schema):
    id: int
    listing: int = Field(..., alias="listing_id")
    organisation: str = Field(..., alias="organisation.slug")
    fee_paid: Decimal
    currency: str
    royalty_rate: Decimal | None
    payment_method: str
    created_at: datetime
    licences: list[int]

    @staticmethod
    def resolve_licences(obj) -> list[int]:
        return sorted(e.pk for e in obj.encumbrances.all())


class ConsentIn(Schema):
    encumbrance: Id
    reference: str = ""


class ConsentOut(Schema):
    id: int
    encumbrance: int = Field(..., alias="encumbrance_id")
    reference: str
    created_at: datetime


class BuyerOut(Schema):
    organisation: str
    name: str
    score: float
    reasons: list[str]
    needs: list[int]


class NeedTranslationIn(Schema):
    language_code: str = one_of(settings.LANGUAGES)
    title: str = Field(..., description="The title in that language.")
    text: str = Field("", description="What the organisation looks for, in that language.")


class NeedTranslationOut(Schema):
    language_code: str
    title: str
    text: str


class NeedIn(Schema):
    organisation: str
    title: str
    text: str
    modalities: list[str] = many_of(BiomedicalProfile.Modality, [])
    indications: list[str] = []
    phase_min: Small | None = None
    phase_max: Small | None = None
    territories: list[str] = []
    deal_types: list[str] = many_of(DealType, [])
    budget_currency: str = "USD"
    budget_min: str | None = None
    budget_max: str | None = None
    visibility: str = one_of(Need.Visibility, "private")
    translations: list[NeedTranslationIn] = []


class NeedPatch(Schema):
    title: str | None = None
    text: str | None = None
    modalities: list[str] | None = None
    indications: list[str] | None = None
    phase_min: Small | None = None
    phase_max: Small | None = None
    territories: list[str] | None = None
    deal_types: list[str] | None = None
    budget_currency: str | None = None
    budget_min: str | None = None
    budget_max: str | None = None
    visibility: str | None = None
    translations: list[NeedTranslationIn] | None = None


class NeedOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    title: str
    text: str
    original_language: str
    translations: list[NeedTranslationOut] = Field(
        ..., description="The organisation's own title and description in other languages than the original."
    )
    modalities: list[str]
    indications: list[str]
    phase_min: int | None
    phase_max: int | None
    territories: list[str]
    deal_types: list[str]
    budget_currency: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    visibility: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_translations(obj) -> list[dict]:
        return list(obj.translations.order_by("language_code").values("language_code", "title", "text"))


class WhyOut(Schema):
    signal: str
    contribution: float
    detail: str
    value: float = 0.0
    weight: float = 0.0


class MatchOut(Schema):
    listing: ListingSummaryOut
    score: float
    asset_number: str
    why: list[WhyOut]
    explanation: str = Field("", description="Why it matched, in plain words in the reader's language.")
    failed: list[str] = Field(
        default_factory=list,
        description="The buyer's stated criteria the match does not meet (such matches come last).",
    )

    @staticmethod
    def resolve_explanation(obj) -> str:
        from listings.templatetags.listings_tags import plain_why

        return plain_why(obj["why"])


class SubscriptionIn(Schema):
    kind: str = one_of(Subscription.Kind)
    frequency: str = one_of(Subscription.Frequency, "daily")
    need: Id | None = None
    search: dict[str, str] | None = None
    label: str = ""


class SubscriptionOut(Schema):
    id: int
    kind: str
    frequency: str
    label: str
    active: bool
    need: int | None = Field(None, alias="need_id")
    search: dict
    created_at: datetime


class NotificationOut(Schema):
    id: int
    kind: str
    listing: int | None = Field(None, alias="listing_id")
    asset: int | None = Field(None, alias="asset_id")
    interest: int | None = Field(None, alias="interest_id")
    note: str
    created_at: datetime
    read_at: datetime | None
