from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accounts import services
from accounts.models import Organisation
from accounts.schemas import InvitationIn, InvitationOut, MeOut, OrganisationIn, OrganisationOut
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
