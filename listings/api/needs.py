"""Need endpoints: post, read, change, close, and the explained matches of a need."""

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from accounts.api import require_user
from core.bounds import Id
from core.errors import Forbidden
from listings import matches, needs
from listings.api.common import own_organisation, visible_need
from listings.models import Need
from listings.permissions import can_see_matches
from listings.schemas import MatchOut, NeedIn, NeedOut, NeedPatch

router = Router()


@router.get("", response=list[NeedOut], summary="My organisations' needs and those shown to sellers")
@paginate
def list_needs(request):
    user = require_user(request)
    return Need.objects.visible_to(user).select_related("organisation").order_by("-created_at", "-id")


@router.post("", response={201: NeedOut}, summary="Post a need")
def create_need(request, payload: NeedIn):
    user = require_user(request)
    organisation = own_organisation(user, payload.organisation)
    need = needs.create_need(organisation=organisation, by=user, **payload.dict(exclude={"organisation"}))
    return Status(201, need)


@router.get("/{int:need_id}", response=NeedOut, summary="One need")
def get_need(request, need_id: Id):
    require_user(request)
    return visible_need(request, need_id)


@router.patch("/{int:need_id}", response=NeedOut, summary="Change a need")
def update_need(request, need_id: Id, payload: NeedPatch):
    user = require_user(request)
    return needs.update_need(need=visible_need(request, need_id), by=user, **payload.dict(exclude_unset=True))


@router.post("/{int:need_id}/close", response=NeedOut, summary="Close a need")
def close_need(request, need_id: Id):
    user = require_user(request)
    return needs.close_need(need=visible_need(request, need_id), by=user)


@router.get(
    "/{int:need_id}/matches", response=list[MatchOut], summary="Listings matching the need, explained"
)
def need_matches(request, need_id: Id):
    user = require_user(request)
    need = visible_need(request, need_id)
    if not can_see_matches(user, need):
        raise Forbidden(_("Only the organisation that posted the need sees its matches."))
    return [
        {
            "listing": m.listing,
            "score": m.score,
            "asset_number": m.asset_number,
            "why": m.why,
            "failed": m.failed,
        }
        for m in matches.matches_for_need(need, user=user)
    ]
