"""The confidential docket: submissions with documents, each served on everyone on the other side(s),
the neutrals and the case officers, with a record of service; and the hearings calendar."""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import InvalidInput
from core.events import record_event
from disputes.models import Case, Hearing, Participant, ServiceRecord, Submission, SubmissionDocument
from disputes.permissions import is_officer, party_seat, require_neutral, require_open, sitting_neutral
from disputes.services import timetable
from disputes.services.filing import next_number

MAX_DOCUMENTS = 20


def _filer_side(case: Case, by: User) -> str:
    """The side the user files for; blank for a neutral or officer; Forbidden for anyone else."""
    seat = party_seat(by, case)
    if seat is not None and seat.party is not None:
        return seat.party.side
    if sitting_neutral(by, case) is None and not is_officer(by, case):
        require_neutral(by, case)
    return ""


def _documents(documents: list[tuple[str, bytes]]) -> list[tuple[str, str, bytes]]:
    from deals.services.dataroom import check_upload

    if len(documents) > MAX_DOCUMENTS:
        raise InvalidInput(_("Attach at most %(n)s documents.") % {"n": MAX_DOCUMENTS}, field="documents")
    checked = []
    for filename, data in documents:
        if not filename.strip():
            raise InvalidInput(_("Each document needs a file name."), field="documents")
        checked.append((filename.strip()[:255], check_upload(filename, data), data))
    return checked


@transaction.atomic
def file_submission(
    *,
    case: Case,
    by: User,
    kind: str,
    title: str,
    body: str = "",
    documents: list[tuple[str, bytes]] | None = None,
) -> Submission:
    """File a submission in the docket and serve it on everyone not on the filer's side."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    side = _filer_side(case, by)
    if kind not in Submission.Kind.values:
        raise InvalidInput(_("Unknown kind of submission."), field="kind")
    if not title.strip():
        raise InvalidInput(_("Give the submission a title."), field="title")
    checked = _documents(documents or [])
    submission = Submission.objects.create(
        case=case,
        number=next_number(case, "submissions"),
        kind=kind,
        side=side,
        title=title.strip()[:300],
        body=body.strip(),
        filed_by=by,
    )
    for filename, content_type, data in checked:
        SubmissionDocument.objects.create(
            case=case,
            submission=submission,
            filename=filename,
            content_type=content_type,
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
    served = _serve(case, submission, side, by)
    if kind == Submission.Kind.ANSWER and side == "respondent":
        timetable.met(case, "answer")
    record_event(
        case, "dispute.submission_filed", actor=by, number=submission.number, side=side, served=served
    )
    return submission


def _serve(case: Case, submission: Submission, side: str, by: User) -> int:
    recipients = case.participants.filter(active=True).exclude(user=by).select_related("party")
    records = [
        ServiceRecord(case=case, submission=submission, participant=p, party=p.party)
        for p in recipients
        if not side or p.side != side
    ]
    ServiceRecord.objects.bulk_create(records)
    return len(records)


def mark_opened(*, submission: Submission, by: User) -> None:
    """The first time a person served with a submission opens it; later openings change nothing."""
    ServiceRecord.objects.filter(submission=submission, participant__user=by, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )


@transaction.atomic
def schedule_hearing(
    *, case: Case, by: User, title: str, starts_at, ends_at, mode: str, venue: str
) -> Hearing:
    """The tribunal, the mediator or a case officer puts a hearing in the calendar."""
    require_open(case)
    if not is_officer(by, case):
        require_neutral(by, case)
    if mode not in Hearing.Mode.values:
        raise InvalidInput(_("Choose in person or online."), field="mode")
    if not title.strip() or not venue.strip():
        raise InvalidInput(_("Give the hearing a title and a venue or link."), field="venue")
    if ends_at <= starts_at:
        raise InvalidInput(_("A hearing must end after it starts."), field="ends_at")
    if starts_at < timezone.now():
        raise InvalidInput(_("A hearing cannot be scheduled in the past."), field="starts_at")
    hearing = Hearing.objects.create(
        case=case,
        title=title.strip()[:300],
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        venue=venue.strip()[:500],
        scheduled_by=by,
    )
    record_event(case, "dispute.hearing_scheduled", actor=by, hearing=hearing.pk, mode=mode)
    return hearing


def service_of(submission: Submission) -> list[ServiceRecord]:
    return list(submission.services.select_related("participant__user", "party"))


__all__ = ["Participant", "file_submission", "mark_opened", "schedule_hearing", "service_of"]
