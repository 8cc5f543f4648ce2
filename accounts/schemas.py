from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from accounts.models import Membership, Organisation
from core.schemas import one_of


class OrganisationOut(Schema):
    slug: str
    name: str
    name_local: str
    kind: str
    jurisdiction: str
    country: str
    verified: bool
    status: str
    website: str
    description: str
    franchise_areas: str


class OrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    name_local: str = Field("", max_length=200)
    kind: str = one_of(Organisation.Kind)
    jurisdiction: str = one_of(Organisation.Jurisdiction)
    country: str = Field("", max_length=2)
    registration_number: str = Field("", max_length=80)
    website: str = Field("", max_length=200)
    description: str = Field("", max_length=5000)
    franchise_areas: str = Field("", max_length=2000)


class MembershipOut(Schema):
    organisation: str = Field(alias="organisation.slug")
    role: str


class MeOut(Schema):
    email: str
    display_name: str
    language: str
    is_staff: bool
    memberships: list[MembershipOut]


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: str = one_of(Membership.Role, "member")


class InvitationOut(Schema):
    email: str
    role: str
    expires_at: datetime


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80)
    scope: Literal["read-only", "read-write"] = "read-only"
    days: int | None = Field(
        None, ge=1, le=36500, description="Lifetime in days; the operator sets the maximum."
    )


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    end_reason: str
    active: bool = Field(alias="is_active")


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself; shown only in this answer.")
