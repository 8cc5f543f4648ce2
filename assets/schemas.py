from datetime import date, datetime

from ninja import Field, Schema

from assets.models import Asset, LegalStatusEvent, TitleTransfer
from core.languages import ORIGINAL_LANGUAGE_CHOICES
from core.schemas import one_of


class ProfileOut(Schema):
    drug_name: str
    inn: str
    modality: str
    targets: list[str]
    indications: list[str]
    indications_text: str
    phase: int | None
    phase_label: str
    first_in_class_claim: bool
    best_in_class_claim: bool
    tcm_formula: list[dict]

    @staticmethod
    def resolve_indications(obj) -> list[str]:
        return [i.code for i in obj.indications.all()]

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return str(obj.get_phase_display() or "")


class AssetSummary(Schema):
    id: int
    number: str
    kind: str
    jurisdiction: str
    title: str
    legal_status: str
    publication_date: date | None
    expiry_date: date | None
    holder_name: str
    holder_country: str
    owner: str | None = Field(None, alias="owner.slug")
    visibility: str


class LegalEventOut(Schema):
    date: date
    effect: str
    description: str
    extension_days: int


class TransferOut(Schema):
    date: date
    from_name: str
    to_name: str
    kind: str
    reference: str


class EncumbranceOut(Schema):
    kind: str
    holder_name: str
    territories: list[str]
    field_of_use: str
    start_date: date
    end_date: date | None
    released_at: date | None
    state: str = Field(..., description="Effective state today: active, expired or released.")


class AssetOut(AssetSummary):
    kind_code: str
    application_number: str
    application_date: date | None
    publication_number: str
    grant_number: str
    grant_date: date | None
    priority_claims: list[dict]
    abstract: str
    original_language: str
    claims: list[str]
    cpc_codes: list[str]
    ipc_codes: list[str]
    applicants: list[dict]
    assignees: list[dict]
    inventors: list[dict]
    family: str | None = Field(None, alias="family.key")
    legal_events: list[LegalEventOut]
    transfers: list[TransferOut]
    encumbrances: list[EncumbranceOut]
    biomedical: ProfileOut | None = None

    @staticmethod
    def resolve_legal_events(obj):
        return list(obj.legal_events.all())

    @staticmethod
    def resolve_transfers(obj):
        return list(obj.transfers.all())

    @staticmethod
    def resolve_encumbrances(obj):
        return list(obj.encumbrances.all())

    @staticmethod
    def resolve_biomedical(obj):
        return getattr(obj, "biomedical", None)


class AssetDetailOut(AssetOut):
    """The asset; the confidential fields are null unless the caller edits for the owning organisation."""

    confidential_notes: str | None = None
    know_how_description: str | None = None

    @staticmethod
    def resolve_confidential_notes(obj, context) -> str | None:
        return obj.confidential_notes if _insider(obj, context) else None

    @staticmethod
    def resolve_know_how_description(obj, context) -> str | None:
        return obj.know_how_description if _insider(obj, context) else None


def _insider(asset, context) -> bool:
    from accounts.permissions import can_edit_for

    if not context or asset.owner is None:
        return False
    return can_edit_for(context["request"].user, asset.owner)


class AssetIn(Schema):
    organisation: str = Field(description="Slug of the owning organisation")
    kind: str = one_of(Asset.Kind, "invention")
    jurisdiction: str = Field(min_length=2, max_length=4)
    number: str = Field("", max_length=40)
    application_number: str = Field("", max_length=40)
    application_date: date | None = None
    publication_number: str = Field("", max_length=40)
    publication_date: date | None = None
    grant_number: str = Field("", max_length=40)
    grant_date: date | None = None
    title: str = Field(min_length=1, max_length=500)
    abstract: str = Field("", max_length=20000)
    original_language: str = one_of(ORIGINAL_LANGUAGE_CHOICES, "en")
    cpc_codes: list[str] = []
    ipc_codes: list[str] = []
    visibility: str = one_of(Asset.Visibility, "public")
    legal_status: str = one_of(Asset.Status, "pending")
    confidential_notes: str = Field("", max_length=20000)
    know_how_description: str = Field("", max_length=20000)


class AssetPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=500)
    abstract: str | None = Field(None, max_length=20000)
    visibility: str | None = one_of(Asset.Visibility, None)
    legal_status: str | None = one_of(Asset.Status, None)
    cpc_codes: list[str] | None = None
    ipc_codes: list[str] | None = None
    confidential_notes: str | None = Field(None, max_length=20000)
    know_how_description: str | None = Field(None, max_length=20000)


class LegalEventIn(Schema):
    date: date
    effect: str = one_of(LegalStatusEvent.Effect)
    description: str = Field("", max_length=500)
    extension_days: int = Field(0, ge=0, le=3650)


class TransferIn(Schema):
    date: date
    to_name: str = Field(min_length=1, max_length=300)
    to_organisation: str | None = None
    kind: str = one_of(TitleTransfer._meta.get_field("kind").choices, "assignment")
    reference: str = Field("", max_length=120)


class FacetValue(Schema):
    value: str | int
    label: str
    count: int


class SearchItem(AssetSummary):
    why: str = Field("", alias="search_why", description="Why the asset matched the words (ranked search)")
    snippet: str = Field(
        "", alias="search_snippet", description="The stretch of the abstract around the words matched"
    )


class IndexState(Schema):
    behind: bool
    waiting: int = Field(description="Assets waiting to be indexed: results may be incomplete meanwhile")
    command: str = Field(description="The command that rebuilds the search index")
    worker: str = Field(description="The task worker that indexes changes as they happen")


class SearchOut(Schema):
    total: int
    page: int
    pages: int
    ranked: bool = Field(description="Best match first (there were words); otherwise newest first")
    items: list[SearchItem]
    facets: dict[str, list[FacetValue]]
    index: IndexState


class ImportErrorOut(Schema):
    record: str
    reason: str


class ImportReportOut(Schema):
    created: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[ImportErrorOut]


class ImportRunOut(ImportReportOut):
    id: int
    kind: str
    source_name: str
    started_at: datetime
    finished_at: datetime | None
    interrupted: bool = Field(
        False, description="the importing process stopped before the end; the counts are what it committed"
    )
    organisation: str | None = Field(None, alias="organisation.slug")
