"""Linking trials to the assets they are evidence for, and raising a drug's phase on that evidence."""

import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from assets.models import Asset, BiomedicalProfile, Classification
from assets.services import VALUE_FACTS_CHANGED
from core.events import record_event
from trials.models import Trial, TrialLink
from trials.names import company_key, drug_key, phrases

AUTOMATIC = (TrialLink.Basis.DRUG_NAME, TrialLink.Basis.SPONSOR, TrialLink.Basis.APPLICANT)
# A sponsor's trial is evidence only for its drug patents, not for its packaging or devices.
BIOMEDICAL_CLASSES = ("A61K", "A61P", "C07", "C12N")
CHUNK = 2000
LONGEST_DRUG_NAME = 6  # words

Key = tuple[int, int, str]  # trial id, asset id, basis


@dataclass
class LinkResult:
    created: int = 0
    removed: int = 0
    phases_set: int = 0


@transaction.atomic
def link_trials(*, trial_ids: Iterable[int] | None = None) -> LinkResult:
    """Link the given trials (all when None) to assets by drug name / INN and by sponsor = holder or
    applicant. Idempotent: links that no longer hold are removed, manual links are never touched."""
    result = LinkResult()
    ids = list(trial_ids) if trial_ids is not None else list(Trial.objects.values_list("pk", flat=True))
    drugs = _drug_index()
    holders = _holder_index(ids)
    for trials in _chunks(ids):
        wanted = {**_drug_links(trials, drugs), **_sponsor_links(trials, holders)}
        created, removed = _sync([t.pk for t in trials], wanted)
        result.created += created
        result.removed += removed
        result.phases_set += _raise_phases(trials, wanted)
    return result


def _chunks(ids: list[int]) -> Iterator[list[Trial]]:
    for start in range(0, len(ids), CHUNK):
        chunk = Trial.objects.filter(pk__in=ids[start : start + CHUNK])
        yield list(chunk.only("pk", "registry_id", "phase", "sponsor", "interventions"))


def _drug_index() -> dict[str, set[int]]:
    """Folded drug name or INN → the assets whose profile names it."""
    index: dict[str, set[int]] = defaultdict(set)
    named = BiomedicalProfile.objects.filter(~Q(drug_name="") | ~Q(inn=""))
    for asset_id, drug_name, inn in named.values_list("asset_id", "drug_name", "inn"):
        for name in (drug_name, inn):
            if key := drug_key(name):
                index[key].add(asset_id)
    return index


def _intervention_names(trial: Trial) -> Iterator[str]:
    for intervention in trial.interventions or []:
        if isinstance(intervention, dict):
            yield intervention.get("name") or ""
            yield from intervention.get("other_names") or []


def _drug_links(trials: list[Trial], index: dict[str, set[int]]) -> dict[Key, str]:
    links: dict[Key, str] = {}
    if not index:
        return links
    longest = min(LONGEST_DRUG_NAME, max(len(key.split()) for key in index))
    for trial in trials:
        for name in _intervention_names(trial):
            for phrase in phrases(name, longest) & index.keys():
                for asset_id in index[phrase]:
                    links.setdefault((trial.pk, asset_id, TrialLink.Basis.DRUG_NAME), name[:300])
    return links


def _biomedical_assets():
    classes = functools.reduce(operator.or_, (Q(code__startswith=prefix) for prefix in BIOMEDICAL_CLASSES))
    classified = Classification.objects.filter(classes, asset=OuterRef("pk"))
    profiled = BiomedicalProfile.objects.filter(asset=OuterRef("pk"))
    return Asset.objects.filter(Q(Exists(classified)) | Q(Exists(profiled)))


def _holder_index(trial_ids: list[int]) -> dict[str, list[tuple[int, str]]]:
    """Company key → (asset, sponsor or applicant) for the companies that sponsor these trials, from one
    pass over the biomedical assets (not one per chunk of trials)."""
    sponsors = set()
    for start in range(0, len(trial_ids), CHUNK):
        chunk = Trial.objects.filter(pk__in=trial_ids[start : start + CHUNK]).values_list(
            "sponsor", flat=True
        )
        sponsors |= {key for sponsor in chunk if (key := company_key(sponsor))}
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    if not sponsors:
        return index
    rows = _biomedical_assets().values_list("pk", "holder_name", "applicants")
    for asset_id, holder_name, applicants in rows.iterator(chunk_size=CHUNK):
        holder = company_key(holder_name)
        if holder in sponsors:
            index[holder].append((asset_id, TrialLink.Basis.SPONSOR))
        names = {company_key(p.get("name", "")) for p in applicants or [] if isinstance(p, dict)}
        for key in (names - {holder}) & sponsors:
            index[key].append((asset_id, TrialLink.Basis.APPLICANT))
    return index


def _sponsor_links(trials: list[Trial], holders: dict[str, list[tuple[int, str]]]) -> dict[Key, str]:
    links: dict[Key, str] = {}
    for trial in trials:
        for asset_id, basis in holders.get(company_key(trial.sponsor), ()):
            links[(trial.pk, asset_id, basis)] = trial.sponsor[:300]
    return links


def _sync(trial_ids: list[int], wanted: dict[Key, str]) -> tuple[int, int]:
    existing = {
        (trial_id, asset_id, basis): pk
        for pk, trial_id, asset_id, basis in TrialLink.objects.filter(
            trial_id__in=trial_ids, basis__in=AUTOMATIC
        ).values_list("pk", "trial_id", "asset_id", "basis")
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    TrialLink.objects.filter(pk__in=stale).delete()
    missing = [
        TrialLink(trial_id=trial_id, asset_id=asset_id, basis=basis, matched_text=text)
        for (trial_id, asset_id, basis), text in wanted.items()
        if (trial_id, asset_id, basis) not in existing
    ]
    TrialLink.objects.bulk_create(missing)
    return len(missing), len(stale)


def _raise_phases(trials: list[Trial], wanted: dict[Key, str]) -> int:
    """Where a drug-name link shows a later phase than the profile's, the profile takes it, and the
    links to the trials of that phase become its evidence. Phases are never lowered."""
    by_pk = {trial.pk: trial for trial in trials}
    evidence: dict[int, list[Trial]] = defaultdict(list)
    for trial_id, asset_id, basis in wanted:
        if basis == TrialLink.Basis.DRUG_NAME and by_pk[trial_id].phase is not None:
            evidence[asset_id].append(by_pk[trial_id])
    raised = 0
    profiles = BiomedicalProfile.objects.select_for_update().select_related("asset")
    for profile in profiles.filter(asset_id__in=list(evidence)):
        best = max(trial.phase or 0 for trial in evidence[profile.asset_id])
        if profile.phase is not None and best <= profile.phase:
            continue
        proof = [t for t in evidence[profile.asset_id] if t.phase == best]
        previous, profile.phase = profile.phase, best
        profile.save(update_fields=["phase"])
        drug_links = TrialLink.objects.filter(asset_id=profile.asset_id, basis=TrialLink.Basis.DRUG_NAME)
        drug_links.update(sets_phase=False)
        drug_links.filter(trial__in=proof).update(sets_phase=True)
        record_event(
            profile.asset,
            "asset.phase_from_trials",
            previous=previous,
            phase=best,
            trials=[t.registry_id for t in proof],
        )
        VALUE_FACTS_CHANGED.announce(profile.asset_id)  # a later phase changes the asset's value
        raised += 1
    return raised
