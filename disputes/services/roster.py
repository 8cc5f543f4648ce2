"""Self-registration of neutrals: a person applies to a centre's roster; the centre's officers approve
(the person is listed, with the conflicts it declared) or refuse, with reasons."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
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
    pending = RosterApplication.objects.filter(
        applicant=by, centre=centre, status=RosterApplication.Status.PENDING
    )
    if pending.exists():
        raise Conflict(_("Your application to this centre is waiting for its decision."))
    if Neutral.objects.filter(user=by, rosters=centre, active=True).exists():
        raise Conflict(_("You are already on this centre's roster."))


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
    application = RosterApplication.objects.create(
        applicant=by,
        centre=centre,
        name=name.strip()[:200],
        name_local=name_local.strip()[:200],
        arbitrator=arbitrator,
        mediator=mediator,
        qualifications=qualifications.strip(),
        specialisms=specialisms.strip(),
        languages=spoken,
        jurisdictions=_words(jurisdictions or [], "jurisdictions"),
        hourly_rate=_rate(hourly_rate),
        currency=check_currency(currency),
        conflicts=_conflicts(conflicts or []),
    )
    record_event(application, "dispute.roster_applied", actor=by, centre=centre.pk)
    return application


def _list(application: RosterApplication) -> Neutral:
    """Create or update the applicant's roster entry from the application, and its declared conflicts."""
    neutral = Neutral.objects.filter(user=application.applicant).first() or Neutral(
        user=application.applicant, arbitrator=False, mediator=False
    )
    neutral.name, neutral.name_local = application.name, application.name_local
    neutral.arbitrator = neutral.arbitrator or application.arbitrator
    neutral.mediator = neutral.mediator or application.mediator
    neutral.expertise, neutral.qualifications = application.specialisms, application.qualifications
    neutral.languages, neutral.jurisdictions = application.languages, application.jurisdictions
    neutral.hourly_rate, neutral.currency, neutral.active = (
        application.hourly_rate,
        application.currency,
        True,
    )
    neutral.save()
    neutral.rosters.add(application.centre)
    for conflict in application.conflicts:
        organisation = Organisation.objects.filter(name__iexact=conflict["name"]).first()
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
    if application.status != RosterApplication.Status.PENDING:
        raise Conflict(_("This application has been decided."))
    if not reason.strip():
        raise InvalidInput(_("Give the reasons for the decision."), field="reason")
    if approve:
        application.neutral = _list(application)
    application.status = RosterApplication.Status.APPROVED if approve else RosterApplication.Status.REFUSED
    application.decision_reason, application.decided_by = reason.strip(), by
    application.decided_at = timezone.now()
    application.save()
    record_event(application, "dispute.roster_decided", actor=by, approved=approve)
    return application
