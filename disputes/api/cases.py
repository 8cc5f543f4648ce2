"""Rules, the roster, filing and reading cases, their people and files."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from accounts.api import require_user
from accounts.models import Organisation, User
from core.access import CHANGE
from core.bounds import Id
from core.errors import InvalidInput, NotFound
from disputes import stats
from disputes.api.base import case_for, router
from disputes.models import Case, CaseFile, Neutral, NeutralConflict, RuleTemplate
from disputes.schemas import (
    AffiliatesIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    ConflictIn,
    ConflictOut,
    NeutralOut,
    ParticipantIn,
    ParticipantOut,
    PartyOut,
    RulesOut,
)
from disputes.services import filing, neutrals


@router.get("/rules", response=list[RulesOut])
def rules_list(request):
    """The institutions and rules a case can be filed under, with their steps and time limits."""
    return RuleTemplate.objects.filter(active=True)


@router.get("/neutrals", response=list[NeutralOut])
def neutral_list(request, role: str = "", language: str = ""):
    """The public roster of arbitrators and mediators."""
    found = Neutral.objects.visible_to(request.user).filter(active=True)
    if role == "mediator":
        found = found.filter(mediator=True)
    elif role == "arbitrator":
        found = found.filter(arbitrator=True)
    if language:
        return [n for n in found if language in n.languages]
    return found


@router.get("/neutrals/me", response=NeutralOut)
def my_roster_entry(request):
    """The caller's own entry on the roster."""
    user = require_user(request)
    return get_object_or_404(Neutral.objects.restrict(user, CHANGE), user=user)


@router.get("/deals")
def fileable_deals(request):
    """The signed deals the caller sits in, with what could travel with a case: the agreement, the
    term-sheet versions and the data-room documents the caller sees."""
    from deals.models import Agreement, DealRoom, Document, TermSheet

    user = require_user(request)
    rooms = DealRoom.objects.visible_to(user).filter(status=DealRoom.Status.SIGNED)
    return [
        {
            "id": room.pk,
            "title": room.title,
            "seller": room.seller.slug,
            "buyer": room.buyer.slug,
            "signed_at": room.signed_at,
            "agreement_sha256": Agreement.objects.visible_to(user)
            .filter(room=room, status=Agreement.Status.SIGNED)
            .values_list("sha256", flat=True)
            .first(),
            "term_sheets": list(
                TermSheet.objects.visible_to(user).filter(room=room).values_list("number", flat=True)
            ),
            "documents": list(
                Document.objects.visible_to(user).filter(room=room).values("id", "title", "sha256")
            ),
        }
        for room in rooms.select_related("seller", "buyer")
    ]


@router.get("/neutrals/{pk}/conflicts", response=list[ConflictOut])
def conflict_list(request, pk: Id):
    """A neutral's own declared conflicts (the neutral and the operator only)."""
    require_user(request)
    return (
        NeutralConflict.objects.visible_to(request.user).filter(neutral_id=pk).select_related("organisation")
    )


@router.post("/neutrals/{pk}/conflicts", response={201: ConflictOut})
def declare_conflict(request, pk: Id, payload: ConflictIn):
    user = require_user(request)
    neutral = get_object_or_404(Neutral.objects.restrict(user, CHANGE), pk=pk)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.visible_to(user).filter(slug=payload.organisation).first()
        if organisation is None:
            raise InvalidInput(_("There is no such organisation."), field="organisation")
    declared = neutrals.declare_conflict(
        neutral=neutral, by=user, reason=payload.reason, organisation=organisation, name=payload.name
    )
    return Status(201, declared)


@router.get("/statistics")
def statistics(request):
    """Aggregate figures only: cases by kind, institution and outcome, and durations."""
    return stats.statistics()


@router.get("/cases", response=list[CaseOut])
def case_list(request):
    """The cases the caller takes part in (or, for a case officer, those of its institution)."""
    require_user(request)
    return Case.objects.visible_to(request.user).select_related("rules")


def _organisation(user: User, slug: str, field: str) -> Organisation | None:
    """An organisation named in the payload; one the caller may not see is as unknown as one that does not
    exist."""
    if not slug:
        return None
    found = Organisation.objects.visible_to(user).filter(slug=slug).first()
    if found is None:
        raise InvalidInput(_("There is no such organisation: %(slug)s") % {"slug": slug}, field=field)
    return found


@router.post("/cases", response={201: CaseDetailOut})
def file_case(request, payload: CaseIn):
    """File an arbitration or a mediation, standalone or from a deal the caller sits in."""
    from deals.models import DealRoom

    user = require_user(request)
    rules = RuleTemplate.objects.filter(code=payload.rules, active=True).first()
    if rules is None:
        raise InvalidInput(_("There are no such rules."), field="rules")
    claimant = _organisation(user, payload.claimant, "claimant")
    if claimant is None:
        raise InvalidInput(_("Name the claimant."), field="claimant")
    room = None
    if payload.deal_room is not None:
        room = DealRoom.objects.visible_to(user).filter(pk=payload.deal_room).first()
        if room is None:
            raise NotFound(_("There is no such deal."))
    case = filing.file_case(
        by=user,
        kind=payload.kind,
        rules=rules,
        title=payload.title,
        claimant=claimant,
        respondent=_organisation(user, payload.respondent, "respondent"),
        respondent_name=payload.respondent_name,
        summary=payload.summary,
        amount_in_dispute=payload.amount_in_dispute,
        currency=payload.currency,
        seat=payload.seat,
        language=payload.language,
        deal_room=room,
        deal_files=filing.DealFiles(payload.agreement, payload.term_sheets, payload.documents),
    )
    return Status(201, case)


@router.get("/cases/{pk}", response=CaseDetailOut)
def case_detail(request, pk: Id):
    return case_for(request, pk)


@router.post("/cases/{pk}/participants", response={201: ParticipantOut})
def add_participant(request, pk: Id, payload: ParticipantIn):
    """A party adds its counsel or a representative; an officer adds a case officer."""
    case = case_for(request, pk, CHANGE)
    person = filing.account(payload.email)
    return Status(201, filing.add_participant(case=case, by=request.user, user=person, role=payload.role))


@router.put("/cases/{pk}/affiliates", response=PartyOut)
def declare_affiliates(request, pk: Id, payload: AffiliatesIn):
    """The caller's party declares its affiliates, against which neutrals are checked."""
    case = case_for(request, pk, CHANGE)
    organisations = [_organisation(request.user, slug, "organisations") for slug in payload.organisations]
    return filing.declare_affiliates(
        case=case, by=request.user, organisations=[o for o in organisations if o], names=payload.names
    )


@router.get("/cases/{pk}/files/{file_id}/verify")
def verify_file(request, pk: Id, file_id: Id):
    """Whether a file from the deal is intact and still the deal's file (its SHA-256 both ways)."""
    case = case_for(request, pk)
    return filing.verify_file(get_object_or_404(case.files.defer("content"), pk=file_id))


@router.get("/cases/{pk}/files/{file_id}")
def download_file(request, pk: Id, file_id: Id):
    case = case_for(request, pk)
    copy: CaseFile = get_object_or_404(case.files, pk=file_id)
    response = HttpResponse(bytes(copy.content), content_type=copy.content_type)
    response["Content-Disposition"] = f'attachment; filename="{copy.filename}"'
    response["X-Content-SHA256"] = copy.sha256
    return response
