"""Linking trials to assets by drug name / INN and by sponsor, and the phase evidence that follows."""

import pytest

from assets.models import Asset, BiomedicalProfile, Classification
from core.models import Event
from trials.importers import import_trials
from trials.models import Trial, TrialLink
from trials.names import company_key
from trials.services import link_trials
from trials.tests.samples import api_study, write_json

pytestmark = pytest.mark.django_db
Phase = BiomedicalProfile.Phase


def make_asset(number: str, *, holder: str = "Someone Else Inc.", codes=("A61K31/519",), applicants=()):
    asset = Asset.objects.create(
        jurisdiction="CN",
        number=number,
        title=f"Asset {number}",
        holder_name=holder,
        applicants=[{"name": name} for name in applicants],
    )
    Classification.objects.bulk_create(
        Classification(asset=asset, scheme="cpc", code=code, section=code[0]) for code in codes
    )
    return asset


def make_profile(asset: Asset, **fields) -> BiomedicalProfile:
    return BiomedicalProfile.objects.create(asset=asset, **fields)


def make_trial(
    nct: str, *, phase=Phase.PHASE_3, sponsor="Big Pharma AG", drug="Exampletinib 100 mg"
) -> Trial:
    return Trial.objects.create(
        registry_id=nct,
        title=nct,
        phase=phase,
        sponsor=sponsor,
        interventions=[{"type": "DRUG", "name": drug, "other_names": ["EX-101"]}],
    )


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kowa Company, Ltd.", "kowa"),
        ("KOWA CO LTD", "kowa"),
        ("Pfizer Inc.", "pfizer"),
        ("Hebei Senlang Biotechnology Inc., Ltd.", "hebei senlang biotechnology"),
        ("Merck Sharp & Dohme LLC", "merck sharp and dohme"),
        ("江蘇恒瑞醫藥股份有限公司", "江苏恒瑞医药"),
        ("AB", ""),
    ],
)
def test_company_names_are_compared_without_case_punctuation_and_legal_form(name, key):
    assert company_key(name) == key


def test_a_drug_name_link_raises_the_profile_phase_and_is_marked_as_evidence():
    asset = make_asset("CN1A")
    profile = make_profile(asset, drug_name="Exampletinib", phase=Phase.PHASE_2)
    trial = make_trial("NCT00000001", phase=Phase.PHASE_3)

    result = link_trials()

    link = TrialLink.objects.get(basis=TrialLink.Basis.DRUG_NAME)
    assert (link.trial, link.asset, link.sets_phase) == (trial, asset, True)
    assert link.matched_text == "Exampletinib 100 mg"
    profile.refresh_from_db()
    assert profile.phase == Phase.PHASE_3
    assert result.phases_set == 1
    event = Event.objects.get(kind="asset.phase_from_trials")
    assert event.data == {"previous": Phase.PHASE_2, "phase": Phase.PHASE_3, "trials": ["NCT00000001"]}


def test_the_inn_matches_other_names_across_case_and_script():
    asset = make_asset("CN1A")
    make_profile(asset, drug_name="示例替尼", inn="ex 101")
    make_trial("NCT00000001", drug="Study drug")

    link_trials()

    assert TrialLink.objects.filter(asset=asset, basis="drug_name").exists()
    assert BiomedicalProfile.objects.get().phase == Phase.PHASE_3


def test_a_phase_is_never_lowered_by_an_earlier_trial():
    asset = make_asset("CN1A")
    make_profile(asset, drug_name="Exampletinib", phase=Phase.APPROVED)
    make_trial("NCT00000001", phase=Phase.PHASE_2)

    link_trials()

    link = TrialLink.objects.get()
    assert not link.sets_phase
    assert BiomedicalProfile.objects.get().phase == Phase.APPROVED
    assert not Event.objects.filter(kind="asset.phase_from_trials").exists()


def test_a_word_inside_another_word_is_not_a_drug_name_match():
    make_profile(make_asset("CN1A"), drug_name="tinib")
    make_trial("NCT00000001", drug="Exampletinib")

    link_trials()

    assert not TrialLink.objects.exists()


def test_the_sponsor_links_to_the_holders_and_applicants_drug_patents_only():
    held = make_asset("CN1A", holder="BIG PHARMA AG")
    co_applied = make_asset("CN2A", applicants=["Big Pharma", "Small Biotech Ltd"])
    packaging = make_asset("CN3A", holder="Big Pharma AG", codes=("B65D1/00",))
    make_trial("NCT00000001", sponsor="Big Pharma AG", drug="Something")

    link_trials()

    links = set(TrialLink.objects.values_list("asset__number", "basis"))
    assert links == {(held.number, "sponsor"), (co_applied.number, "applicant")}
    assert not TrialLink.objects.filter(asset=packaging).exists()
    assert not TrialLink.objects.filter(sets_phase=True).exists()


def test_linking_twice_changes_nothing_and_stale_links_go_but_manual_ones_stay():
    asset = make_asset("CN1A", holder="Big Pharma AG")
    trial = make_trial("NCT00000001", sponsor="Big Pharma AG", drug="Something")
    other = make_trial("NCT00000002", sponsor="Nobody Ltd", drug="Something")
    TrialLink.objects.create(trial=other, asset=asset, basis=TrialLink.Basis.MANUAL)
    link_trials()

    again = link_trials()
    trial.sponsor = "Another Company"
    trial.save()
    after_change = link_trials(trial_ids=[trial.pk])

    assert (again.created, again.removed) == (0, 0)
    assert (after_change.created, after_change.removed) == (0, 1)
    assert list(TrialLink.objects.values_list("basis", flat=True)) == ["manual"]


def test_importing_trials_links_them(tmp_path):
    asset = make_asset("CN1A")
    make_profile(asset, drug_name="Exampletinib", phase=Phase.PRECLINICAL)

    import_trials([write_json(tmp_path / "s.json", [api_study("NCT05000001", phases=["PHASE1", "PHASE2"])])])

    link = TrialLink.objects.get(basis="drug_name")
    assert link.sets_phase
    assert BiomedicalProfile.objects.get().phase == Phase.PHASE_1
