"""Applications to a centre's roster of neutrals: the applicant applies, the centre's officers decide."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from accounts.api import require_user
from accounts.models import Organisation
from core.bounds import Id
from core.errors import InvalidInput
from disputes.api.base import router
from disputes.models import RosterApplication
from disputes.schemas import RosterApplicationIn, RosterApplicationOut, RosterDecisionIn
from disputes.services import roster


@router.get("/roster-applications", response=list[RosterApplicationOut])
def application_list(request):
    """The caller's own applications, and those made to the centres it belongs to."""
    user = require_user(request)
    return RosterApplication.objects.visible_to(user).select_related("centre")


@router.post("/roster-applications", response={201: RosterApplicationOut})
def apply(request, payload: RosterApplicationIn):
    """Apply to a centre's roster as an arbitrator, a mediator or both, declaring conflicts."""
    user = require_user(request)
    # One answer for "no such organisation", "one you may not see" and "not a centre": no slug oracle.
    centres = Organisation.objects.visible_to(user).filter(kind=Organisation.Kind.DISPUTE_INSTITUTION)
    centre = centres.filter(slug=payload.centre).first()
    if centre is None:
        raise InvalidInput(
            _("No arbitration or mediation centre you can apply to has the name %(slug)s.")
            % {"slug": payload.centre},
            field="centre",
        )
    data = payload.dict(exclude={"centre"})
    made = roster.apply_to_roster(by=user, centre=centre, **data)
    return Status(201, made)


@router.get("/roster-applications/{pk}", response=RosterApplicationOut)
def application_detail(request, pk: Id):
    user = require_user(request)
    return get_object_or_404(RosterApplication.objects.visible_to(user).select_related("centre"), pk=pk)


@router.post("/roster-applications/{pk}/decision", response=RosterApplicationOut)
def decide(request, pk: Id, payload: RosterDecisionIn):
    """The centre's officer approves (the applicant is listed) or refuses, with reasons."""
    user = require_user(request)
    found = get_object_or_404(RosterApplication.objects.visible_to(user), pk=pk)
    return roster.decide_application(
        application=found, by=user, approve=payload.approve, reason=payload.reason
    )
