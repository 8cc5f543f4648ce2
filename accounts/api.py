from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts import services, tokens
from accounts.models import ApiToken, Organisation
from accounts.schemas import (
    InvitationIn,
    InvitationOut,
    MeOut,
    OrganisationIn,
    OrganisationOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from core.bounds import Id
from core.errors import NotAuthenticated

router = Router(tags=["organisations"])


def require_user(request):
    if not request.user.is_authenticated:
        raise NotAuthenticated("Send a valid API token or sign in.")
    return request.user


class OrganisationFilter(Schema):
    kind: str | None = None
    jurisdiction: str | None = None


@router.get("/organisations", response=list[OrganisationOut])
@paginate
def list_organisations(request, filters: Query[OrganisationFilter]):
    organisations = Organisation.objects.visible_to(request.user)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    if filters.jurisdiction:
        organisations = organisations.filter(jurisdiction=filters.jurisdiction)
    return organisations.order_by("name")


@router.get("/organisations/{slug}", response=OrganisationOut)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


@router.post("/organisations", response={201: OrganisationOut})
def create_organisation(request, payload: OrganisationIn):
    user = require_user(request)
    fields = payload.dict(exclude={"name", "kind", "jurisdiction"})
    organisation = services.create_organisation(
        founder=user, name=payload.name, kind=payload.kind, jurisdiction=payload.jurisdiction, **fields
    )
    return Status(201, organisation)


@router.post("/organisations/{slug}/invitations", response={201: InvitationOut})
def invite(request, slug: str, payload: InvitationIn):
    user = require_user(request)
    organisation = get_object_or_404(Organisation.objects.visible_to(user), slug=slug)
    invitation = services.invite(organisation=organisation, by=user, email=payload.email, role=payload.role)
    return Status(201, invitation)


@router.get("/me", response=MeOut, tags=["account"])
def me(request):
    return require_user(request)


@router.get("/tokens", response=list[TokenOut], tags=["account"])
@paginate
def list_tokens(request):
    """Your own API tokens, live and ended (never the tokens themselves)."""
    user = require_user(request)
    return ApiToken.objects.visible_to(user).filter(user=user)


@router.post("/tokens", response={201: TokenCreatedOut}, tags=["account"])
def create_token(request, payload: TokenIn):
    """A new token for yourself; the answer is the only time the token is shown."""
    user = require_user(request)
    record, token = tokens.create_api_token(
        user=user, name=payload.name, scope=payload.scope, days=payload.days
    )
    record.token = token  # type: ignore[attr-defined]
    return Status(201, record)


@router.post("/tokens/{token_id}/revoke", response=TokenOut, tags=["account"])
def revoke_token(request, token_id: Id):
    """End one of your tokens now."""
    user = require_user(request)
    # One's own tokens only, the operator's staff included (they revoke others' in the back office).
    record = get_object_or_404(ApiToken.objects.restrict(user, "change").filter(user=user), pk=token_id)
    return tokens.revoke_api_token(token=record, by=user)
