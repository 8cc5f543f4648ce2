"""Programme endpoints: open programmes for everyone, set-up by the operator, shares and reports by
officers."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router, Status

from accounts.api import require_user
from accounts.models import AnyUser, Organisation
from core.access import CHANGE
from core.bounds import Id
from financing.models import Programme
from financing.schemas import ProgrammeIn, ProgrammeOut, SharesIn
from financing.services import programmes, reports

router = Router(tags=["financing"])


def programme_for(user: AnyUser, programme_id: int, action: str = "view") -> Programme:
    return get_object_or_404(Programme.objects.restrict(user, action), pk=programme_id)


@router.get("", response=list[ProgrammeOut], summary="Programmes")
def list_programmes(request):
    return list(Programme.objects.restrict(request.user))


@router.get("/{int:programme_id}", response=ProgrammeOut, summary="A programme")
def get_programme(request, programme_id: Id):
    return programme_for(request.user, programme_id)


def _organisations(user: AnyUser, slugs: list[str]) -> list[Organisation]:
    found = list(Organisation.objects.visible_to(user).filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        from django.utils.translation import gettext as _

        from core.errors import InvalidInput

        missing = sorted(set(slugs) - {org.slug for org in found})
        raise InvalidInput(_("Unknown organisations: %(slugs)s") % {"slugs": ", ".join(missing)})
    return found


@router.post("", response={201: ProgrammeOut}, summary="Set up a programme (operator)")
def create_programme(request, payload: ProgrammeIn):
    user = require_user(request)
    data = payload.dict(exclude_none=True)
    participants = {role: _organisations(user, data.pop(role, [])) for role in programmes.PARTICIPANTS}
    programme = programmes.create_programme(by=user, participants=participants, **data)
    return Status(201, programme)


@router.put("/{int:programme_id}/shares", response=ProgrammeOut, summary="Change the risk shares (officer)")
def set_shares(request, programme_id: Id, payload: SharesIn):
    user = require_user(request)
    programme = programme_for(user, programme_id, CHANGE)
    return programmes.set_risk_shares(programme=programme, by=user, shares=payload.dict())


@router.get("/{int:programme_id}/report", summary="Programme report (officer)")
def report(request, programme_id: Id):
    programme = programme_for(require_user(request), programme_id, CHANGE)
    return reports.programme_report(programme)


def _export(request, programme_id: int, extension: str) -> HttpResponse:
    programme = programme_for(require_user(request), programme_id, CHANGE)
    content, content_type, name = reports.programme_export(programme, extension)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/{int:programme_id}/report.csv", summary="Programme report as CSV (officer)")
def report_csv(request, programme_id: Id):
    return _export(request, programme_id, "csv")


@router.get("/{int:programme_id}/report.xlsx", summary="Programme report as XLSX (officer)")
def report_xlsx(request, programme_id: Id):
    return _export(request, programme_id, "xlsx")
