"""Orders, awards and settlements; closing a case; mediation moving to arbitration (med-arb); and an
award's ordered effects applied to the registry through its own services."""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from assets.models import Asset, Encumbrance
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import record_event
from disputes.models import Case, Decision, Kind, RuleTemplate, SettlementSignature, Side
from disputes.permissions import require_neutral, require_open, require_party
from disputes.services.log import log_case

EFFECT_ACTIONS = ("end_licence", "assign")


def _party_organisations(case: Case) -> set[int]:
    return set(case.parties.filter(organisation__isnull=False).values_list("organisation_id", flat=True))


def _number(value: object) -> int:
    """An id from an effect; anything that is not a whole number matches nothing."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _checked_effect(case: Case, effect: object) -> dict:
    """An effect names a licence held or granted by a party, or a party's asset going to the other."""
    if not isinstance(effect, dict) or effect.get("action") not in EFFECT_ACTIONS:
        raise InvalidInput(_("Each effect is end_licence or assign."), field="effects")
    parties = _party_organisations(case)
    if effect["action"] == "end_licence":
        encumbrance = Encumbrance.objects.filter(
            pk=_number(effect.get("encumbrance")), released_at__isnull=True
        ).first()
        if encumbrance is None or not (
            {encumbrance.holder_organisation_id, encumbrance.asset.owner_id} & parties
        ):
            raise InvalidInput(_("There is no such licence in force between the parties."), field="effects")
        return {"action": "end_licence", "encumbrance": encumbrance.pk}
    asset = Asset.objects.filter(pk=_number(effect.get("asset"))).first()
    target = effect.get("to_organisation")
    if asset is None or asset.owner_id not in parties or target not in parties or target == asset.owner_id:
        raise InvalidInput(_("An assignment moves an asset from one party to the other."), field="effects")
    return {"action": "assign", "asset": asset.pk, "to_organisation": target}


def _check_kind(case: Case, kind: str, outcome: str) -> None:
    if kind not in Decision.Kind.values:
        raise InvalidInput(_("Unknown kind of decision."), field="kind")
    if (kind == Decision.Kind.SETTLEMENT) != (case.kind == Kind.MEDIATION):
        raise InvalidInput(
            _("A mediation ends in a settlement; an arbitration in orders and awards."), field="kind"
        )
    if kind in Decision.AWARDS and outcome not in Decision.Outcome.values:
        raise InvalidInput(_("State the outcome of the award."), field="outcome")
    if kind == Decision.Kind.CONSENT_AWARD and outcome != Decision.Outcome.AGREED:
        raise InvalidInput(_("A consent award records what the parties agreed."), field="outcome")


@transaction.atomic
def issue_decision(
    *, case: Case, by: User, kind: str, title: str, text: str, outcome: str = "", effects: list | None = None
) -> Decision:
    """The tribunal issues an order or award; the mediator (or a party) puts a settlement up for signature.
    A final or consent award closes the case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    if kind == Decision.Kind.SETTLEMENT:
        from disputes.permissions import sitting_neutral

        if sitting_neutral(by, case) is None:
            require_party(by, case)
    else:
        require_neutral(by, case)
    _check_kind(case, kind, outcome)
    if not title.strip() or not text.strip():
        raise InvalidInput(_("Give the decision a title and its text."), field="text")
    if effects and kind not in (*Decision.AWARDS, Decision.Kind.SETTLEMENT):
        raise InvalidInput(
            _("Only an award or a settlement can order effects on the registry."), field="effects"
        )
    checked = [_checked_effect(case, effect) for effect in effects or []]
    decision = Decision.objects.create(
        case=case,
        kind=kind,
        title=title.strip()[:300],
        text=text.strip(),
        sha256=hashlib.sha256(text.strip().encode()).hexdigest(),
        outcome=Decision.Outcome.AGREED if kind == Decision.Kind.SETTLEMENT else outcome,
        effects=checked,
        issued_by=by,
    )
    record_event(case, "dispute.decision_issued", actor=by, decision=decision.pk, kind=kind)
    if kind in Decision.ENDS_CASE:
        close(case, Case.Status.AWARDED, outcome, by)
    return decision


@transaction.atomic
def sign_settlement(*, decision: Decision, by: User, text_sha256: str = "") -> SettlementSignature:
    """A party signs the settlement's exact text; the second side's signature settles the case."""
    case = Case.objects.select_for_update().get(pk=decision.case_id)
    require_open(case)
    party = require_party(by, case)
    if decision.kind != Decision.Kind.SETTLEMENT:
        raise Conflict(_("Only a settlement agreement is signed by the parties."))
    if text_sha256 and text_sha256 != decision.sha256:
        raise Conflict(_("The text has changed since you read it; read it again before signing."))
    if decision.signatures.filter(side=party.side).exists():
        raise Conflict(_("Your side has already signed this settlement."))
    signature = SettlementSignature.objects.create(
        decision=decision, side=party.side, user=by, text_sha256=decision.sha256
    )
    record_event(case, "dispute.settlement_signed", actor=by, decision=decision.pk, side=party.side)
    if decision.signatures.count() == len(Side.values):
        decision.signed_at = timezone.now()
        decision.save(update_fields=["signed_at"])
        case.deadlines.filter(code="mediation_end").update(status="met")
        close(case, Case.Status.SETTLED, "settled", by)
    return signature


def close(case: Case, status: str, outcome: str, by: User) -> None:
    """Close the case and tell the transparency log that it closed (kind, institution, date only)."""
    case.status, case.outcome, case.closed_at = status, outcome, timezone.now()
    case.save(update_fields=["status", "outcome", "closed_at"])
    case.deadlines.filter(status="open").update(status="met")
    record_event(case, "dispute.closed", actor=by, status=status, outcome=outcome)
    log_case(case, "dispute.closed", by)


@transaction.atomic
def withdraw(*, case: Case, by: User) -> Case:
    """The claimant withdraws its case."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    if require_party(by, case).side != Side.CLAIMANT:
        raise Forbidden(_("Only the claimant can withdraw the case."))
    close(case, Case.Status.WITHDRAWN, "withdrawn", by)
    return case


@transaction.atomic
def refer_to_arbitration(*, case: Case, by: User, rules: RuleTemplate | None = None) -> Case:
    """Med-arb: a mediation that did not settle moves to arbitration with the same parties and people
    (the mediator does not follow unless appointed again)."""
    from disputes.services.filing import file_case

    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    require_party(by, case)
    if case.kind != Kind.MEDIATION:
        raise Conflict(_("Only a mediation can move to arbitration."))
    claimant = case.parties.get(side=Side.CLAIMANT)
    respondent = case.parties.get(side=Side.RESPONDENT)
    rules = rules or case.rules
    # The claimant files the arbitration; when the respondent asks for it, in the claimant's filer's name.
    filer = by if _acts_for(by, claimant.organisation) else case.filed_by
    if filer is None or claimant.organisation is None:
        raise Conflict(_("The claimant must file the arbitration itself."))
    arbitration = file_case(
        by=filer,
        kind=Kind.ARBITRATION,
        rules=rules,
        title=case.title,
        claimant=claimant.organisation,
        respondent=respondent.organisation,
        respondent_name=respondent.name,
        summary=case.summary,
        amount_in_dispute=case.amount_in_dispute,
        currency=case.currency,
        seat=case.seat,
        language=case.language,
        previous=case,
    )
    _carry_people(case, arbitration, by)
    close(case, Case.Status.REFERRED, "moved_to_arbitration", by)
    return arbitration


def _acts_for(user: User, organisation: Organisation | None) -> bool:
    from core.access import DECIDE, may

    return organisation is not None and may(user, organisation, DECIDE)


def _carry_people(source: Case, target: Case, by: User) -> None:
    from disputes.models import Participant

    parties = {p.side: p for p in target.parties.all()}
    for seat in source.participants.filter(active=True, party__isnull=False).select_related("party"):
        Participant.objects.get_or_create(
            case=target,
            user=seat.user,
            role=seat.role,
            defaults={"party": parties[seat.party.side], "added_by": by},
        )


@transaction.atomic
def apply_effects(*, decision: Decision, by: User) -> Decision:
    """The operator's registry desk applies what an award or signed settlement orders: a licence ended
    (its encumbrance released), an assignment made (a title transfer)."""
    from assets import services as registry

    if not by.is_staff:
        raise Forbidden(_("Only the operator applies an award to the registry."))
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.effects:
        raise Conflict(_("This decision orders nothing in the registry."))
    if decision.applied_at is not None:
        raise Conflict(_("The effects have already been applied."))
    if decision.kind == Decision.Kind.SETTLEMENT and decision.signed_at is None:
        raise Conflict(_("The settlement is not signed by both sides yet."))
    # The registry is public: what changed is recorded there, never that a case ordered it.
    reference = ""
    applied = []
    for effect in decision.effects:
        if effect["action"] == "end_licence":
            encumbrance = Encumbrance.objects.get(pk=effect["encumbrance"])
            registry.release_encumbrance(
                encumbrance=encumbrance, by=by, day=timezone.localdate(), reference=reference
            )
            applied.append({**effect, "released_on": timezone.localdate().isoformat()})
        else:
            target = Organisation.objects.get(pk=effect["to_organisation"])
            transfer = registry.record_transfer(
                asset=Asset.objects.get(pk=effect["asset"]),
                by=by,
                day=timezone.localdate(),
                to_name=target.name,
                to_organisation=target,
                reference=reference,
            )
            applied.append({**effect, "transfer": transfer.pk})
    decision.applied, decision.applied_at = applied, timezone.now()
    decision.save(update_fields=["applied", "applied_at"])
    record_event(decision.case, "dispute.effects_applied", actor=by, decision=decision.pk, applied=applied)
    return decision
