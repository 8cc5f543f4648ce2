"""Automatic checks of each claim against the registry and the trial records, shown to the reviewer.

A check never decides: it gathers the facts the registry holds and says which conditions hold. Each
finding is stored as a code with parameters (not as a sentence) so that every reader sees it in their
own language; `describe` turns it into one.
"""

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation
from assets.models import Asset, BiomedicalProfile, Encumbrance, LegalStatusEvent
from assets.services import current_holder
from certification.models import CertificationRequest, CheckResult, Claim
from trials.models import Trial, TrialLink
from trials.names import company_key, drug_key, phrases

Outcome = CheckResult.Outcome
LICENCES = (
    Encumbrance.Kind.EXCLUSIVE_LICENCE,
    Encumbrance.Kind.SOLE_LICENCE,
    Encumbrance.Kind.NON_EXCLUSIVE_LICENCE,
)
# How many registry competitors a class-claim check lists for the reviewer.
MAX_COMPETITORS = 20

MESSAGES = {
    "status_granted": gettext_lazy(
        "Legal status on the registry: %(status)s (must be granted / registered)."
    ),
    "not_expired": gettext_lazy("Expiry date: %(expiry)s (must be after %(today)s)."),
    "no_expiry": gettext_lazy("The registry has no expiry date for this asset: its term cannot be checked."),
    "fees_paid": gettext_lazy(
        "Last fee event: %(event)s on %(date)s (a lapse must be followed by a restoration)."
    ),
    "no_fee_events": gettext_lazy("No lapse for non-payment of fees is recorded."),
    "owner_is_requester": gettext_lazy("Organisation managing the asset: %(owner)s (must be %(requester)s)."),
    "holder_is_requester": gettext_lazy("Holder of record after the last assignment: %(holder)s."),
    "chain_continuous": gettext_lazy(
        "Assignment of %(date)s from %(from)s follows the previous holder %(previous)s."
    ),
    "first_assignor": gettext_lazy("First assignor %(from)s is among the applicants or assignees of record."),
    "no_transfers": gettext_lazy("No assignment is recorded: the original holder of record is the holder."),
    "no_profile": gettext_lazy("The asset has no biomedical profile."),
    "no_phase": gettext_lazy("The biomedical profile states no clinical phase."),
    "phase_not_clinical": gettext_lazy("The profile's phase, %(phase)s, is not one a trial record can show."),
    "no_trials": gettext_lazy("No trial record is linked to the asset or offered as evidence."),
    "trial": gettext_lazy(
        "%(trial)s: phase %(phase)s; names the drug: %(drug)s; sponsor or collaborator is the owner "
        "or a licensee: %(party)s."
    ),
    "claim_not_made": gettext_lazy("The biomedical profile does not make this claim."),
    "rationale": gettext_lazy("The owner's reasoning for the claim: %(rationale)s"),
    "no_rationale": gettext_lazy("The owner gave no reasoning for the claim."),
    "targets": gettext_lazy("Targets: %(targets)s; modality: %(modality)s; phase: %(phase)s."),
    "no_targets": gettext_lazy("The profile names no target: registry competitors cannot be looked up."),
    "competitor": gettext_lazy("%(number)s (%(drug)s) shares target %(target)s, at phase %(phase)s."),
    "no_competitors": gettext_lazy("No other asset in the registry names the same target."),
    "opinion_needed": gettext_lazy("This claim needs the reviewer's reasoned opinion with sources."),
}


def describe(finding: dict) -> str:
    template = MESSAGES.get(finding.get("code", ""))
    if template is None:
        return str(finding.get("code", ""))
    params = {key: _readable(key, value) for key, value in (finding.get("params") or {}).items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def _readable(key: str, value: Any) -> Any:
    """Parameters are stored as codes; their labels are looked up in the reader's language."""
    labels: dict[str, dict] = {
        "status": dict(Asset.Status.choices),
        "event": dict(LegalStatusEvent.Effect.choices),
        "phase": dict(BiomedicalProfile.Phase.choices),
        "modality": dict(BiomedicalProfile.Modality.choices),
    }
    if key in labels and value in labels[key]:
        return labels[key][value]
    if value is None:
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


@dataclass
class Outcomes:
    findings: list[dict] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    outcome: str = ""

    def add(self, code: str, ok: bool | None, **params: Any) -> bool | None:
        self.findings.append({"code": code, "ok": ok, "params": params})
        return ok

    def settle(self, needs_review: bool = False) -> "Outcomes":
        failed = any(finding["ok"] is False for finding in self.findings)
        self.outcome = Outcome.FAILED if failed else Outcome.REVIEW if needs_review else Outcome.PASSED
        return self


def name_keys(organisation: Organisation) -> set[str]:
    return {key for key in (company_key(organisation.name), company_key(organisation.name_local)) if key}


def check_validity(request: CertificationRequest, today: date) -> Outcomes:
    asset, result = request.asset, Outcomes()
    result.add("status_granted", asset.legal_status == Asset.Status.GRANTED, status=asset.legal_status)
    if asset.expiry_date is None:
        result.add("no_expiry", False)
    else:
        result.add(
            "not_expired",
            asset.expiry_date > today,
            expiry=asset.expiry_date.isoformat(),
            today=today.isoformat(),
        )
    fee_events = (
        LegalStatusEvent.Effect.LAPSED,
        LegalStatusEvent.Effect.RESTORED,
        LegalStatusEvent.Effect.FEE_PAID,
    )
    last = asset.legal_events.filter(effect__in=fee_events).order_by("-date", "-id").first()
    if last is None:
        result.add("no_fee_events", True)
    else:
        lapsed = last.effect == LegalStatusEvent.Effect.LAPSED
        result.add("fees_paid", not lapsed, event=last.effect, date=last.date.isoformat())
    result.facts = {
        "legal_status": asset.legal_status,
        "expiry_date": asset.expiry_date.isoformat() if asset.expiry_date else None,
        "checked_on": today.isoformat(),
    }
    return result.settle()


def check_chain_of_title(request: CertificationRequest, today: date) -> Outcomes:
    asset, requester, result = request.asset, request.requester, Outcomes()
    result.add(
        "owner_is_requester",
        asset.owner_id == requester.pk,
        owner=asset.owner.name if asset.owner else "—",
        requester=requester.name,
    )
    transfers = list(asset.transfers.select_related("to_organisation").order_by("date", "id"))
    holder = current_holder(asset)
    last = transfers[-1] if transfers else None
    holder_ok = company_key(holder) in name_keys(requester) or (
        last is not None and last.to_organisation_id == requester.pk
    )
    result.add("holder_is_requester", holder_ok, holder=holder or "—")
    if not transfers:
        result.add("no_transfers", None)
    _check_continuity(asset, transfers, result)
    result.facts = {
        "holder": holder,
        "transfers": [
            {"date": t.date.isoformat(), "from": t.from_name, "to": t.to_name, "reference": t.reference}
            for t in transfers
        ],
    }
    return result.settle()


def _check_continuity(asset: Asset, transfers: list, result: Outcomes) -> None:
    for previous, transfer in itertools.pairwise(transfers):
        continuous = company_key(transfer.from_name) == company_key(previous.to_name)
        values = {"date": transfer.date.isoformat(), "from": transfer.from_name, "previous": previous.to_name}
        result.add("chain_continuous", continuous, **values)
    parties = [
        p.get("name", "") for p in (asset.applicants or []) + (asset.assignees or []) if isinstance(p, dict)
    ]
    if transfers and parties:
        first = transfers[0].from_name
        result.add(
            "first_assignor", company_key(first) in {company_key(p) for p in parties}, **{"from": first}
        )


def _licensee_keys(asset: Asset) -> set[str]:
    keys: set[str] = set()
    licences = (
        asset.encumbrances.active_on(timezone.localdate())
        .filter(kind__in=LICENCES)
        .select_related("holder_organisation")
    )
    for licence in licences:
        keys.add(company_key(licence.holder_name))
        if licence.holder_organisation:
            keys |= name_keys(licence.holder_organisation)
    return keys - {""}


def _candidate_trials(request: CertificationRequest) -> dict[int, Trial]:
    linked = Trial.objects.filter(links__asset=request.asset)
    offered = Trial.objects.filter(certification_evidence__request=request)
    return {trial.pk: trial for trial in (linked | offered).distinct().order_by("registry_id")}


def _names_drug(trial: Trial, profile: BiomedicalProfile, linked_by_name: set[int]) -> bool:
    if trial.pk in linked_by_name:
        return True
    wanted = {key for key in (drug_key(profile.drug_name), drug_key(profile.inn)) if key}
    for intervention in trial.interventions or []:
        if isinstance(intervention, dict):
            for name in [intervention.get("name") or "", *(intervention.get("other_names") or [])]:
                if wanted & phrases(name, 6):
                    return True
    return False


def check_clinical_phase(request: CertificationRequest, today: date) -> Outcomes:
    asset, result = request.asset, Outcomes()
    profile = BiomedicalProfile.objects.filter(asset=asset).first()
    if profile is None:
        result.add("no_profile", False)
        return result.settle()
    if profile.phase is None:
        result.add("no_phase", False)
        return result.settle()
    if profile.phase < BiomedicalProfile.Phase.PHASE_1:
        result.add("phase_not_clinical", False, phase=profile.phase)
        return result.settle()
    parties = (name_keys(asset.owner) if asset.owner else set()) | {company_key(current_holder(asset))}
    parties = (parties | _licensee_keys(asset)) - {""}
    linked_by_name = set(
        TrialLink.objects.filter(asset=asset, basis=TrialLink.Basis.DRUG_NAME).values_list(
            "trial_id", flat=True
        )
    )
    trials, proving = _candidate_trials(request), []
    for trial in trials.values():
        phase_ok = trial.phase is not None and trial.phase >= profile.phase
        drug_ok = _names_drug(trial, profile, linked_by_name)
        sponsors = {company_key(trial.sponsor), *(company_key(str(c)) for c in trial.collaborators or [])}
        party_ok = bool(parties & sponsors)
        ok = phase_ok and drug_ok and party_ok
        result.add(
            "trial", ok or None, trial=trial.registry_id, phase=trial.phase, drug=drug_ok, party=party_ok
        )
        if ok:
            proving.append(trial.registry_id)
    if not trials:
        result.add("no_trials", False)
    elif not proving:
        result.findings[-1]["ok"] = False  # none of the trials shows all three: the claim is not shown
    with translation.override("en"):  # facts go into the signed credential, in one language
        label = str(profile.get_phase_display())
    result.facts = {"phase": profile.phase, "phase_label": label, "trials": proving}
    return result.settle()


def check_class_claim(request: CertificationRequest, today: date, claim: str) -> Outcomes:
    asset, result = request.asset, Outcomes()
    profile = BiomedicalProfile.objects.filter(asset=asset).first()
    if profile is None:
        result.add("no_profile", False)
        return result.settle()
    made = profile.first_in_class_claim if claim == Claim.FIRST_IN_CLASS else profile.best_in_class_claim
    if not made:
        result.add("claim_not_made", False)
    if profile.class_claim_rationale:
        result.add("rationale", None, rationale=profile.class_claim_rationale[:500])
    else:
        result.add("no_rationale", None)
    targets = [str(t) for t in profile.targets or []]
    values = {"targets": ", ".join(targets) or "—", "modality": profile.modality, "phase": profile.phase}
    result.add("targets", None, **values)
    competitors = _competitors(profile, targets) if targets else []
    if not targets:
        result.add("no_targets", None)
    elif not competitors:
        result.add("no_competitors", None)
    for competitor in competitors:
        result.add("competitor", None, **competitor)
    result.add("opinion_needed", None)
    result.facts = {"targets": targets, "modality": profile.modality, "phase": profile.phase}
    return result.settle(needs_review=True)


def _competitors(profile: BiomedicalProfile, targets: list[str]) -> list[dict]:
    wanted = {t.strip().casefold(): t for t in targets if t.strip()}
    others = (
        BiomedicalProfile.objects.exclude(pk=profile.pk)
        .filter(asset__visibility=Asset.Visibility.PUBLIC)
        .exclude(targets=[])
        .select_related("asset")
        .only("targets", "phase", "drug_name", "inn", "asset__number", "asset__title")
    )
    found: list[dict] = []
    for other in others.iterator(chunk_size=2000):
        shared = [wanted[t.casefold()] for t in map(str, other.targets or []) if t.casefold() in wanted]
        if shared:
            found.append(
                {
                    "number": other.asset.number or other.asset.title[:60],
                    "drug": other.drug_name or other.inn or "—",
                    "target": shared[0],
                    "phase": other.phase,
                    "rank": other.phase or 0,
                }
            )
    found.sort(key=lambda row: -row["rank"])
    return [{k: v for k, v in row.items() if k != "rank"} for row in found[:MAX_COMPETITORS]]


def run(request: CertificationRequest, claim: str) -> Outcomes:
    today = timezone.localdate()
    if claim == Claim.VALIDITY:
        return check_validity(request, today)
    if claim == Claim.CHAIN_OF_TITLE:
        return check_chain_of_title(request, today)
    if claim == Claim.CLINICAL_PHASE:
        return check_clinical_phase(request, today)
    return check_class_claim(request, today, claim)
