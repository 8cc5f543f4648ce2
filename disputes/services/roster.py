"""Self-registration of neutrals: a person applies to a centre's roster; the centre's officers approve
(the person is listed, with the conflicts it declared) or refuse, with reasons."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from accounts.services import require_approved
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from core.money import check_currency, to_decimal
from disputes.models import Neutral, NeutralConflict, RosterApplication
from disputes.permissions import is_centre_officer

MAX_CONFLICTS = 50
MAX_LIST = 20


def _words(values: list[str], field: str) -> list[str]:
    cleaned = list(dict.fromkeys(" ".join(str(v).split())[:60] for v in values if str(v).strip()))
    if len(cleaned) > MAX_LIST:
        raise InvalidInput(_("Name at most %(n)s.") % {"n": MAX_LIST}, field=field)
    return cleaned


def _conflicts(conflicts: list[dict]) -> list[dict]:
    if len(conflicts) > MAX_CONFLICTS:
        raise InvalidInput(_("Declare at most %(n)s conflicts.") % {"n": MAX_CONFLICTS}, field="conflicts")
    cleaned = []
    for conflict in conflicts:
        name = " ".join(str(conflict.get("name", "")).split())[:300]
        reason = " ".join(str(conflict.get("reason", "")).split())[:500]
        if not name or not reason:
            raise InvalidInput(_("Each conflict needs a name and a reason."), field="conflicts")
        cleaned.append({"name": name, "reason": reason})
    return cleaned


def _rate(hourly_rate: object) -> Decimal:
    rate = to_decimal(hourly_rate if hourly_rate not in (None, "") else "0", field="hourly_rate")
    if rate < 0:
        raise InvalidInput(_("The hourly rate cannot be negative."), field="hourly_rate")
    return rate.quantize(Decimal("0.01"))


def _check_centre(centre: Organisation, by: User) -> None:
    if centre.kind != Organisation.Kind.DISPUTE_INSTITUTION:
        raise InvalidInput(_("Only an arbitration or mediation centre keeps a roster."), field="centre")
    require_approved(centre)
    _check_not_delisted(by)
    pending = RosterApplication.objects.filter(
        applicant=by, centre=centre, status=RosterApplication.Status.PENDING
    )
    if pending.exists():
        raise Conflict(_("Your application to this centre is waiting for its decision."))
    if Neutral.objects.filter(user=by, rosters=centre, active=True).exists():
        raise Conflict(_("You are already on this centre's roster."))


def _check_not_delisted(applicant: User) -> None:
    """A neutral the operator took off the roster is listed again only by the operator, never by a centre."""
    if Neutral.objects.filter(user=applicant, active=False).exists():
        raise Conflict(
            _("The operator took this neutral off the roster; only the operator can list it again.")
        )


@transaction.atomic
def apply_to_roster(
    *,
    by: User,
    centre: Organisation,
    name: str,
    qualifications: str,
    arbitrator: bool = True,
    mediator: bool = False,
    name_local: str = "",
    specialisms: str = "",
    languages: list[str] | None = None,
    jurisdictions: list[str] | None = None,
    hourly_rate: object = "0",
    currency: str = "HKD",
    conflicts: list[dict] | None = None,
) -> RosterApplication:
    """A person asks to be listed on a centre's roster as an arbitrator, a mediator or both."""
    # One application at a time per centre: the centre's row is the lock two simultaneous requests queue on.
    centre = Organisation.objects.select_for_update().get(pk=centre.pk)
    _check_centre(centre, by)
    if not name.strip():
        raise InvalidInput(_("Give your name as it should appear on the roster."), field="name")
    if not (arbitrator or mediator):
        raise InvalidInput(_("Apply as an arbitrator, a mediator or both."), field="arbitrator")
    if not qualifications.strip():
        raise InvalidInput(_("State your qualifications."), field="qualifications")
    spoken = _words(languages or [], "languages")
    if not spoken:
        raise InvalidInput(_("Name at least one language you work in."), field="languages")
    fields = {
        "applicant": by,
        "centre": centre,
        "name": name.strip()[:200],
        "name_local": name_local.strip()[:200],
        "arbitrator": arbitrator,
        "mediator": mediator,
        "qualifications": qualifications.strip(),
        "specialisms": specialisms.strip(),
        "languages": spoken,
        "jurisdictions": _words(jurisdictions or [], "jurisdictions"),
        "hourly_rate": _rate(hourly_rate),
        "currency": check_currency(currency),
        "conflicts": _conflicts(conflicts or []),
    }
    try:
        with transaction.atomic():
            application = RosterApplication.objects.create(**fields)
    except IntegrityError as exc:  # the same person's second request at the same instant
        raise Conflict(_("Your application to this centre is waiting for its decision.")) from exc
    record_event(application, "dispute.roster_applied", actor=by, centre=centre.pk)
    return application


def _list(application: RosterApplication) -> Neutral:
    """Add the applicant to the centre's roster, with its declared conflicts.

    The profile (name, qualifications, specialisms, languages, jurisdictions, rate) is the neutral's, shown
    alike on every roster: the first approval creates it from the application; a later centre's approval only
    adds that centre's roster (and a role the neutral did not have), never rewriting what other centres
    approved. Declared conflicts are the neutral's too: new ones are added, none removed."""
    # Two centres approving the same person at once queue on the applicant's row (one profile per person).
    User.objects.select_for_update().filter(pk=application.applicant_id).exists()
    neutral = Neutral.objects.filter(user=application.applicant).first()
    if neutral is None:
        neutral = Neutral.objects.create(
            user=application.applicant,
            name=application.name,
            name_local=application.name_local,
            arbitrator=application.arbitrator,
            mediator=application.mediator,
            expertise=application.specialisms,
            qualifications=application.qualifications,
            languages=application.languages,
            jurisdictions=application.jurisdictions,
            hourly_rate=application.hourly_rate,
            currency=application.currency,
        )
    else:
        roles = (neutral.arbitrator or application.arbitrator, neutral.mediator or application.mediator)
        if roles != (neutral.arbitrator, neutral.mediator):
            neutral.arbitrator, neutral.mediator = roles
            neutral.save(update_fields=["arbitrator", "mediator"])
    neutral.rosters.add(application.centre)
    # A declared name is linked to an organisation the applicant can see (as on the page); any other name is
    # kept as written, and the conflict check matches it against the parties' names.
    visible = Organisation.objects.visible_to(application.applicant)
    for conflict in application.conflicts:
        organisation = visible.filter(name__iexact=conflict["name"]).first()
        NeutralConflict.objects.get_or_create(
            neutral=neutral,
            organisation=organisation,
            name="" if organisation else conflict["name"],
            defaults={"reason": conflict["reason"]},
        )
    return neutral


@transaction.atomic
def decide_application(
    *, application: RosterApplication, by: User, approve: bool, reason: str
) -> RosterApplication:
    """The centre's officer approves (the applicant is listed) or refuses an application, with reasons."""
    application = RosterApplication.objects.select_for_update().get(pk=application.pk)
    if not is_centre_officer(by, application.centre):
        raise Forbidden(_("Only the centre's officers decide on its roster."))
    if by.pk == application.applicant_id:
        raise Forbidden(_("Nobody decides on their own application."))
    require_approved(application.centre)
    if application.status != RosterApplication.Status.PENDING:
        raise Conflict(_("This application has been decided."))
    if not reason.strip():
        raise InvalidInput(_("Give the reasons for the decision."), field="reason")
    if approve:
        _check_not_delisted(application.applicant)
        application.neutral = _list(application)
    application.status = RosterApplication.Status.APPROVED if approve else RosterApplication.Status.REFUSED
    application.decision_reason, application.decided_by = reason.strip(), by
    application.decided_at = timezone.now()
    application.save()
    record_event(application, "dispute.roster_decided", actor=by, approved=approve)
    return application
