"""Matching over the public registry: a need → ranked assets with why; an asset → similar assets."""

from ninja import Query, Router, Schema

from accounts.models import AnyUser, Organisation
from assets.models import Asset
from core.bounds import Number, Small
from core.errors import NotFound
from matching import services
from matching.schemas import HitOut
from matching.scoring import Hit

router = Router(tags=["matching"])


class NeedQuery(Schema):
    q: str
    top: Number = 20
    modality: list[str] = []
    indication: list[str] = []
    phase: list[Small] = []
    territory: list[str] = []
    strict: bool = False
    buyer: str | None = None  # short name of one of the caller's own organisations


def _out(user: AnyUser, hits: list[Hit]) -> list[dict]:
    visible = Asset.objects.visible_to(user).filter(pk__in=[h.id for h in hits])
    titles = dict(visible.values_list("pk", "title"))
    return [{**hit.as_dict(), "title": titles.get(hit.id, "")} for hit in hits]


def _buyer(request, slug: str | None) -> Organisation | None:
    # Buyer fit reads the organisation's confidential portfolio: only its own members may ask for it.
    if not slug:
        return None
    organisation = Organisation.objects.of_member(request.user).filter(slug=slug).first()
    if organisation is None:
        raise NotFound("No such organisation among yours.")
    return organisation


@router.get("/assets", response=list[HitOut])
def match_assets(request, need: Query[NeedQuery]):
    filters = {
        "modalities": need.modality,
        "indications": need.indication,
        "phases": need.phase,
        "territories": need.territory,
        "strict": need.strict,
    }
    hits = services.match_text(
        need.q,
        user=request.user,
        filters=filters,
        buyer_organisation=_buyer(request, need.buyer),
        top=need.top,
    )
    return _out(request.user, hits)


@router.get("/assets/{number}/similar", response=list[HitOut])
def similar(request, number: str, top: Number = 20):
    asset = Asset.objects.visible_to(request.user).filter(number=number.upper()).first()
    if asset is None:
        raise NotFound("No such asset.")
    return _out(request.user, services.similar_assets(asset, user=request.user, top=top))
