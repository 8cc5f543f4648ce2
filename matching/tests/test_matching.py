import json
from io import StringIO

import pytest
from django.core.management import call_command

from assets.models import Asset, BiomedicalProfile, Indication
from core.errors import InvalidInput, NotFound
from matching.services import match_text, similar_assets
from matching.tests.conftest import make_asset


def numbers(hits):
    return [hit.number for hit in hits]


def test_an_english_need_finds_the_patent_that_answers_it(corpus):
    hits = match_text("inhibitor of mutant KRAS for lung cancer", top=5)
    assert hits[0].number == "US11000001B2"


@pytest.mark.parametrize(
    "query",
    ["治療非小細胞肺癌的KRAS抑制劑", "治疗非小细胞肺癌的KRAS抑制剂"],
    ids=["traditional", "simplified"],
)
def test_chinese_needs_in_either_script_find_the_english_patent(corpus, query):
    assert match_text(query, top=3)[0].number == "US11000001B2"


@pytest.mark.parametrize("query", ["治療哮喘的吸入劑", "治疗哮喘的吸入剂"], ids=["traditional", "simplified"])
def test_chinese_asthma_need_finds_the_inhaler(corpus, query):
    assert match_text(query, top=3)[0].number == "US11000002B2"


def test_every_score_is_the_sum_of_its_explained_contributions(corpus, alice_org):
    alice_org.franchise_areas = "respiratory disease"
    alice_org.save()
    hits = match_text("antibody", filters={"modalities": ["antibody"]}, buyer_organisation=alice_org)
    assert hits
    for hit in hits:
        signals = [why.signal for why in hit.why]
        assert signals == ["semantic", "lexical", "structured", "buyer"]
        assert hit.score == pytest.approx(sum(why.contribution for why in hit.why), abs=1e-6)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_buyer_fit_raises_a_respiratory_asset_for_a_respiratory_company(corpus, make_organisation):
    query = "a new drug candidate available for licensing"
    neutral = numbers(match_text(query, top=20))
    buyer = make_organisation("Breathe Pharma")
    buyer.franchise_areas = "Respiratory medicines: asthma, COPD and pulmonary fibrosis inhalers"
    buyer.save()
    make_asset(
        "CN100000001A",
        "Inhaled corticosteroid suspension for COPD",
        "A nebulised corticosteroid.",
        ["A61P11/00", "A61K31/573"],
        owner=buyer,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    from matching.indexing import index_assets

    index_assets(list(Asset.objects.filter(owner=buyer).values_list("pk", flat=True)))
    for_buyer = numbers(match_text(query, top=20, buyer_organisation=buyer))
    respiratory = ["US11000002B2", "US11000009B2", "US11000013B2"]
    assert all(for_buyer.index(n) < neutral.index(n) or for_buyer.index(n) == 0 for n in respiratory)
    assert for_buyer[0] in respiratory and neutral[0] not in respiratory
    assert "CN100000001A" not in for_buyer  # the buyer's confidential asset informs, never shows


def test_structured_filters_favour_and_strictly_select(corpus):
    plain = numbers(match_text("cancer therapy", top=13))
    soft = numbers(match_text("cancer therapy", filters={"modalities": ["cell_therapy"]}, top=13))
    assert soft.index("US11000004B2") < plain.index("US11000004B2")
    strict = match_text("treatment", filters={"modalities": ["antibody"], "strict": True}, top=10)
    assert set(numbers(strict)) == {"US11000008B2", "US11000011B2"}


def test_owner_profile_takes_precedence_over_the_classification(corpus):
    asset = Asset.objects.get(number="US11000006B2")
    profile = BiomedicalProfile.objects.create(asset=asset, modality="tcm_formula", phase=3)
    profile.indications.set(Indication.objects.filter(code="gastric"))
    from matching.indexing import index_assets

    index_assets([asset.pk])
    hits = match_text("herbal formula", filters={"indications": ["gastric"], "phases": [3]}, top=1)
    structured = next(w for w in hits[0].why if w.signal == "structured")
    assert hits[0].number == "US11000006B2" and structured.value == 1.0


def test_confidential_assets_are_never_matched_for_others(corpus, alice_org):
    make_asset(
        "US11000099B2",
        "KRAS G12C inhibitor secret back-up compound",
        "Confidential lung cancer asset.",
        ["A61P35/00"],
        owner=alice_org,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    from matching.indexing import index_assets

    index_assets(list(Asset.objects.filter(number="US11000099B2").values_list("pk", flat=True)))
    assert "US11000099B2" not in numbers(match_text("KRAS G12C lung cancer", top=20))


def test_similar_assets_excludes_the_asset_itself(corpus):
    asthma = Asset.objects.get(number="US11000002B2")
    hits = similar_assets(asthma, top=3)
    assert "US11000002B2" not in numbers(hits)
    assert hits[0].number == "US11000013B2"  # the other asthma inhaler


def test_similar_assets_of_an_unseen_asset_is_not_found(corpus, alice_org, charlie):
    hidden = make_asset("US11000098B2", "Hidden", "", [], owner=alice_org, visibility="confidential")
    with pytest.raises(NotFound):
        similar_assets(hidden, user=charlie)


def test_an_empty_need_is_refused(corpus):
    with pytest.raises(InvalidInput):
        match_text("   ")


def test_registering_an_asset_indexes_it_after_commit(
    db, alice, alice_org, django_capture_on_commit_callbacks
):
    from assets.services import create_asset

    with django_capture_on_commit_callbacks(execute=True):
        create_asset(
            organisation=alice_org,
            by=alice,
            number="US11000050B2",
            jurisdiction="US",
            title="Bispecific antibody engaging T cells against mesothelin",
            abstract="A T-cell engager for mesothelioma and ovarian cancer.",
        )
    assert match_text("T-cell engager for mesothelioma", top=1)[0].number == "US11000050B2"


def test_match_command_prints_json_hits_on_the_last_line(corpus):
    out = StringIO()
    call_command("match", "抗體藥物偶聯物 乳腺癌", "--top", "3", "--json", stdout=out)
    hits = json.loads(out.getvalue().strip().splitlines()[-1])
    assert hits[0]["number"] == "US11000003B2"
    assert {"number", "score", "why"} <= set(hits[0])
    assert all({"signal", "contribution", "detail"} <= set(why) for why in hits[0]["why"])


def test_rebuild_command_reports_the_indexed_assets(corpus):
    out = StringIO()
    call_command("matching", "rebuild", stdout=out)
    assert "Indexed 13 searchable assets" in out.getvalue()


def test_a_listing_finds_the_organisations_whose_franchise_fits(corpus, make_organisation):
    from matching.services import organisations_for_text

    breathe = make_organisation("Breathe Pharma")
    breathe.franchise_areas = "respiratory medicines: asthma and COPD inhalers"
    breathe.save()
    heart = make_organisation("Heart Pharma")
    heart.franchise_areas = "cardiovascular medicines: hypertension and heart failure"
    heart.save()
    ranked = organisations_for_text("治療哮喘的吸入劑 (asthma inhaler) for licensing")
    assert [organisation for organisation, _score, _detail in ranked][:2] == [breathe, heart]


def test_likely_buyers_are_not_told_from_their_confidential_assets(corpus, make_organisation):
    from matching.indexing import rebuild_asset_index
    from matching.services import organisations_for_text

    quiet = make_organisation("Quiet Inhalers")
    make_asset(
        "CN118999777A",
        "Dry-powder inhaler for persistent asthma",
        "An inhaler that delivers a corticosteroid to patients with persistent asthma.",
        ["A61K9/008", "A61P11/06"],
        owner=quiet,
        visibility=Asset.Visibility.CONFIDENTIAL,
    )
    rebuild_asset_index()
    ranked = organisations_for_text("asthma inhaler for licensing")
    assert quiet not in [organisation for organisation, _score, _detail in ranked]


def test_matching_over_listings_says_it_is_not_available_yet(corpus):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not available"):
        call_command("match", "asthma", "--over", "listings", stdout=StringIO())


def test_the_marketplace_can_match_over_its_own_listings(corpus):
    from matching.attributes import Attributes
    from matching.documents import Document
    from matching.services import index_documents, register_namespace, remove_documents

    listings = [
        Document(
            id=7,
            number="L-7",
            title="Exclusive licence: inhaled bronchodilator",
            text="Exclusive licence for Hong Kong and ASEAN: dry powder inhaler for asthma",
            embed_text="Exclusive licence: dry powder inhaler for asthma",
            attributes=Attributes(territories=frozenset({"HK"}), deal_types=frozenset({"licence"})),
        ),
        Document(
            id=8,
            number="L-8",
            title="Assignment: GLP-1 agonist",
            text="Assignment of a GLP-1 receptor agonist family for diabetes",
            embed_text="Assignment: GLP-1 receptor agonist for diabetes",
            attributes=Attributes(deal_types=frozenset({"assignment"})),
        ),
    ]
    register_namespace("listings", lambda user, ids: set(ids))
    try:
        assert index_documents("listings", listings) == 2
        assert index_documents("listings", listings) == 0  # unchanged: nothing re-encoded
        hits = match_text("治療哮喘的吸入劑 licence", over="listings", filters={"deal_types": ["licence"]})
        assert hits[0].number == "L-7"
        remove_documents("listings", [7])
        assert [hit.number for hit in match_text("asthma inhaler", over="listings")] == ["L-8"]
    finally:
        from matching.services import VISIBILITY

        VISIBILITY.pop("listings", None)
