"""Filing a case, from a deal or standalone, and who takes part in it.

From a deal, the filing party chooses which of the deal's files travel with the case: the signed agreement,
term-sheet versions and data-room documents it can see. Each is copied with its SHA-256, so that anyone in
the case can prove it is the file the deal holds.
"""

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, User
from accounts.services import require_approved
from core.access import DECIDE, may
from core.errors import Forbidden, InvalidInput, NotFound
from core.events import record_event
from core.money import check_currency, to_decimal
from disputes.models import Case, CaseFile, CaseParty, Kind, Participant, RuleTemplate, Side
from disputes.services import timetable
from disputes.services.log import log_case

MAX_AFFILIATES = 50
KIND_CODES: dict[str, str] = {Kind.ARBITRATION: "ARB", Kind.MEDIATION: "MED"}


@dataclass
class DealFiles:
    """What the filing party chose to bring from the deal."""

    agreement: bool = False
    term_sheets: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)


def _reference(case: Case) -> str:
    # From the row's own number, so that two filings at the same moment cannot draw the same reference.
    return f"IPH-{KIND_CODES[case.kind]}-{timezone.now().year}-{case.pk:05d}"


def _checked(kind: str, rules: RuleTemplate, title: str, amount: object, currency: str) -> tuple:
    if kind not in Kind.values:
        raise InvalidInput(_("Choose arbitration or mediation."), field="kind")
    if not rules.active or not rules.handles(kind):
        raise InvalidInput(_("These rules are not offered for this kind of case."), field="rules")
    if not title.strip():
        raise InvalidInput(_("Give the case a title."), field="title")
    value = None
    if amount not in (None, ""):
        value = to_decimal(amount, field=_("amount in dispute"))
        if value < 0:
            raise InvalidInput(_("The amount in dispute cannot be negative."), field="amount_in_dispute")
    return value, check_currency(currency)


def is_expedited(rules: RuleTemplate, amount: Decimal | None, currency: str) -> bool:
    """Under the sum threshold of the rules, in the threshold's currency; other currencies are for the
    institution to decide."""
    if rules.expedited_threshold is None or amount is None:
        return False
    return currency == rules.expedited_currency and amount <= rules.expedited_threshold


def _seat(case: Case, user: User, role: str, party: CaseParty | None, by: User | None) -> Participant:
    seat, created = Participant.objects.get_or_create(
        case=case, user=user, role=role, defaults={"party": party, "added_by": by}
    )
    if not created and not seat.active:
        seat.active = True
        seat.save(update_fields=["active"])
    return seat


def _admins(organisation: Organisation) -> list[User]:
    admins = organisation.memberships.filter(role=Membership.Role.ADMIN).select_related("user")
    return [m.user for m in admins]


@transaction.atomic
def file_case(
    *,
    by: User,
    kind: str,
    rules: RuleTemplate,
    title: str,
    claimant: Organisation,
    respondent: Organisation | None = None,
    respondent_name: str = "",
    summary: str = "",
    amount_in_dispute: object = None,
    currency: str = "HKD",
    seat: str = "Hong Kong",
    language: str = "English",
    deal_room=None,
    deal_files: DealFiles | None = None,
    previous: Case | None = None,
) -> Case:
    """File an arbitration or a mediation for `claimant` (the filer's organisation) against the respondent;
    from a deal, against the other side of it, with the files the filer chose."""
    amount, currency = _checked(kind, rules, title, amount_in_dispute, currency)
    # A business decision of the claimant's own: the operator's staff never file in a member's name.
    if not may(by, claimant, DECIDE):
        raise Forbidden(_("You can file only for an organisation you act for."))
    require_approved(claimant)
    if deal_room is not None:
        respondent = _deal_respondent(deal_room, by, claimant)
    if respondent is not None and respondent.pk == claimant.pk:
        raise InvalidInput(_("The claimant and the respondent must be different."), field="respondent")
    name = respondent.name if respondent else respondent_name.strip()
    if not name:
        raise InvalidInput(_("Name the respondent."), field="respondent")
    case = Case.objects.create(
        reference=f"pending-{uuid.uuid4().hex}",
        kind=kind,
        rules=rules,
        title=title.strip()[:300],
        summary=summary.strip(),
        amount_in_dispute=amount,
        currency=currency,
        expedited=kind == Kind.ARBITRATION and is_expedited(rules, amount, currency),
        seat=seat.strip()[:100] or "Hong Kong",
        language=language.strip()[:40] or "English",
        deal_room=deal_room,
        previous=previous,
        filed_by=by,
    )
    case.reference = _reference(case)
    case.save(update_fields=["reference"])
    _parties(case, by, claimant, respondent, name)
    if deal_room is not None:
        attach_deal_files(case=case, by=by, choice=deal_files or DealFiles())
    timetable.on_filing(case)
    from disputes.services.fees import charge_registration

    charge_registration(case)
    record_event(case, "dispute.filed", actor=by, kind=kind, rules=rules.code, expedited=case.expedited)
    log_case(case, "dispute.filed", by)
    return case


def _deal_respondent(deal_room, by: User, claimant: Organisation) -> Organisation:
    """The other side of a deal the filer sits in, for its own organisation."""
    from deals.models import DealRoom

    if not DealRoom.objects.visible_to(by).filter(pk=deal_room.pk).exists():
        raise NotFound(_("There is no such deal."))
    if claimant.pk not in (deal_room.seller_id, deal_room.buyer_id):
        raise InvalidInput(_("The claimant must be a party to the deal."), field="claimant")
    return deal_room.buyer if claimant.pk == deal_room.seller_id else deal_room.seller


def _parties(
    case: Case, by: User, claimant: Organisation, respondent: Organisation | None, name: str
) -> None:
    ours = CaseParty.objects.create(case=case, side=Side.CLAIMANT, organisation=claimant, name=claimant.name)
    theirs = CaseParty.objects.create(case=case, side=Side.RESPONDENT, organisation=respondent, name=name)
    _seat(case, by, Participant.Role.REPRESENTATIVE, ours, by)
    if respondent is None:
        return
    for user in _respondent_people(case, respondent):
        _seat(case, user, Participant.Role.REPRESENTATIVE, theirs, by)


def _respondent_people(case: Case, respondent: Organisation) -> list[User]:
    """Who receives the notice for the respondent: its people in the deal room, else its administrators."""
    if case.deal_room_id:
        from deals.models import RoomMember

        seats = RoomMember.objects.filter(
            room_id=case.deal_room_id, organisation=respondent, is_adviser=False
        )
        people = [s.user for s in seats.exclude(role=RoomMember.Role.OBSERVER).select_related("user")]
        if people:
            return people
    return _admins(respondent)


def _copy(
    case: Case, by: User, source: str, pk: int, title: str, filename: str, kind: str, data: bytes
) -> None:
    CaseFile.objects.create(
        case=case,
        source=source,
        source_id=pk,
        title=title[:300],
        filename=filename[:255],
        content_type=kind,
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        added_by=by,
    )


def term_sheet_bytes(sheet) -> bytes:
    """A term-sheet version as canonical JSON: the same terms always give the same bytes and hash."""
    body = {"room": sheet.room_id, "version": sheet.number, "side": sheet.side, "terms": sheet.terms}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@transaction.atomic
def attach_deal_files(*, case: Case, by: User, choice: DealFiles) -> list[CaseFile]:
    """Copy the chosen files of the case's deal into the case; the filer must be able to see each."""
    from deals.models import Agreement, Document, TermSheet

    room = case.deal_room
    if room is None:
        raise InvalidInput(_("This case was not filed from a deal."))
    if choice.agreement:
        agreement = Agreement.objects.visible_to(by).filter(room=room, status=Agreement.Status.SIGNED).first()
        if agreement is None:
            raise InvalidInput(_("The deal has no signed agreement."), field="agreement")
        title = _("Signed agreement, version %(v)s") % {"v": agreement.version}
        data = bytes(agreement.pdf)
        _copy(
            case,
            by,
            CaseFile.Source.AGREEMENT,
            agreement.pk,
            title,
            f"agreement-v{agreement.version}.pdf",
            "application/pdf",
            data,
        )
    for number in choice.term_sheets:
        sheet = TermSheet.objects.visible_to(by).filter(room=room, number=number).first()
        if sheet is None:
            raise InvalidInput(
                _("The deal has no term-sheet version %(n)s.") % {"n": number}, field="term_sheets"
            )
        title = _("Term sheet, version %(v)s") % {"v": sheet.number}
        _copy(
            case,
            by,
            CaseFile.Source.TERM_SHEET,
            sheet.pk,
            title,
            f"term-sheet-v{sheet.number}.json",
            "application/json",
            term_sheet_bytes(sheet),
        )
    for pk in choice.documents:
        document = Document.objects.visible_to(by).filter(room=room, pk=pk).first()
        if document is None:
            raise InvalidInput(
                _("There is no such document in the deal: %(pk)s") % {"pk": pk}, field="documents"
            )
        with document.file.open("rb") as handle:
            data = handle.read()
        _copy(
            case,
            by,
            CaseFile.Source.DOCUMENT,
            document.pk,
            document.title,
            document.filename,
            document.content_type,
            data,
        )
    record_event(
        case,
        "dispute.deal_files_attached",
        actor=by,
        agreement=choice.agreement,
        term_sheets=choice.term_sheets,
        documents=choice.documents,
    )
    return list(case.files.all())


def source_sha256(case_file: CaseFile) -> str | None:
    """The SHA-256 the deal holds today for the file's source (None when the source is gone)."""
    from deals.models import Agreement, Document, TermSheet

    if case_file.source == CaseFile.Source.AGREEMENT:
        agreement = Agreement.objects.filter(pk=case_file.source_id).first()
        return agreement.sha256 if agreement else None
    if case_file.source == CaseFile.Source.TERM_SHEET:
        sheet = TermSheet.objects.filter(pk=case_file.source_id).first()
        return hashlib.sha256(term_sheet_bytes(sheet)).hexdigest() if sheet else None
    document = Document.objects.filter(pk=case_file.source_id).first()
    return document.sha256 if document else None


def verify_file(case_file: CaseFile) -> dict:
    """Whether the copy is intact (its bytes give the recorded hash) and still the deal's file."""
    copy_hash = hashlib.sha256(bytes(case_file.content)).hexdigest()
    source = source_sha256(case_file)
    return {
        "sha256": case_file.sha256,
        "copy_intact": copy_hash == case_file.sha256,
        "matches_deal": source == case_file.sha256,
    }


def account(email: str) -> User:
    """The account a party or an officer adds to a case, by its e-mail address."""
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise InvalidInput(_("There is no account with this e-mail address."), field="email")
    return person


@transaction.atomic
def add_participant(*, case: Case, by: User, user: User, role: str) -> Participant:
    """A party adds its counsel or another representative; a case officer adds a case officer."""
    from disputes.permissions import is_officer, party_seat, require_open

    require_open(case)
    if role in (Participant.Role.REPRESENTATIVE, Participant.Role.COUNSEL):
        seat = party_seat(by, case)
        if seat is None:
            raise Forbidden(_("Only a party's representatives or counsel can add people for it."))
        party = seat.party
    elif role == Participant.Role.CASE_OFFICER:
        if not is_officer(by, case):
            raise Forbidden(_("Only the institution's case officers can do this."))
        party = None
    else:
        raise InvalidInput(_("Neutrals join a case by appointment."), field="role")
    participant = _seat(case, user, role, party, by)
    record_event(case, "dispute.participant_added", actor=by, user=user.pk, role=role)
    return participant


@transaction.atomic
def declare_affiliates(
    *, case: Case, by: User, organisations: list[Organisation], names: list[str]
) -> CaseParty:
    """A party declares the organisations it controls or is controlled by (on the platform or by name);
    neutrals are checked against them too. The declaration replaces the previous one."""
    from disputes.permissions import require_open, require_party

    require_open(case)
    party = require_party(by, case)
    cleaned = sorted({" ".join(n.split())[:300] for n in names if n.strip()})
    if len(cleaned) + len(organisations) > MAX_AFFILIATES:
        raise InvalidInput(_("Declare at most %(n)s affiliates.") % {"n": MAX_AFFILIATES}, field="names")
    party.affiliates.set(organisations)
    party.affiliate_names = cleaned
    party.save(update_fields=["affiliate_names"])
    record_event(
        case,
        "dispute.affiliates_declared",
        actor=by,
        side=party.side,
        count=len(cleaned) + len(organisations),
    )
    return party


def next_number(case: Case, related: str) -> int:
    return (getattr(case, related).aggregate(top=Max("number"))["top"] or 0) + 1
