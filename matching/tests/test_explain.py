"""Matches explained in plain words in the reader's language, never as cosines or vocabulary codes."""

import numpy as np
import pytest
from django.utils import translation

from assets.models import BiomedicalProfile
from matching.attributes import Attributes, Filters, modality_from_classes
from matching.explain import organisation_reason, plain_reasons, plain_summary
from matching.scoring import Candidate, Query, Weights, fuse


def _hit(**attributes):
    candidate = Candidate(
        id=1, number="CN1A", attributes=Attributes(**attributes), vector=None, lexical=2.0, semantic=0.544
    )
    filters = Filters(
        modalities=frozenset({"adc"}), indications=frozenset({"gastric"}), phases=frozenset({3})
    )
    query = Query(vector=np.zeros(3, dtype=np.float32), terms=[], filters=filters)
    return fuse([candidate], query, Weights())[0]


def test_a_match_reads_as_plain_words_in_english():
    hit = _hit(modality="adc", indications=frozenset({"gastric"}))
    with translation.override("en"):
        summary = plain_summary(hit.why)
    assert summary == (
        "strong semantic match; shares Antibody-drug conjugate; indication fits: Gastric cancer; phase unknown"
    )


def test_the_engine_keeps_its_figures_for_the_api():
    hit = _hit(modality="adc", indications=frozenset({"gastric"}))
    details = " ".join(why.detail for why in hit.why)
    assert "cosine" in details


def test_no_codes_or_scores_reach_the_reader():
    hit = _hit(modality="antibody", indications=frozenset({"hcc", "solid-tumours"}), phase=2)
    with translation.override("en"):
        summary = plain_summary(hit.why)
    for raw in ("cosine", "hcc", "solid-tumours", "0.5", "✗"):
        assert raw not in summary
    assert "related indication: Hepatocellular carcinoma, Solid tumours (unspecified)" in summary
    assert "different modality: Antibody" in summary
    assert "outside the phases asked for: Phase 1" in summary


@pytest.mark.parametrize(("language", "gastric"), [("zh-hans", "胃癌"), ("zh-hant", "胃癌")])
def test_a_match_is_explained_in_chinese(language, gastric):
    hit = _hit(modality="adc", indications=frozenset({"gastric"}))
    with translation.override(language):
        summary = plain_summary(hit.why)
    assert gastric in summary
    assert "indication fits" not in summary
    assert "semantic" not in summary


def test_shared_words_and_a_listings_terms_are_kept():
    why = [
        {"signal": "lexical", "detail": "full-text score 40.557", "facts": {"terms": ["kras", "g12c"]}},
        {"signal": "listing", "detail": "deal type ✓ Exclusive licence"},
    ]
    with translation.override("en"):
        assert plain_reasons(why) == ["shared words: kras, g12c", "deal type ✓ Exclusive licence"]


def test_an_organisation_is_suggested_with_its_indications_by_name():
    with translation.override("en"):
        reason = organisation_reason(0.6, ["nsclc"])
    assert reason == "close to their portfolio; works in Non-small-cell lung cancer"


def test_bispecific_antibodies_are_a_modality_with_translations():
    assert "bispecific" in BiomedicalProfile.Modality.values
    with translation.override("zh-hans"):
        assert str(BiomedicalProfile.Modality("bispecific").label) == "双特异性抗体"


def test_multispecific_immunoglobulin_class_reads_as_bispecific():
    assert modality_from_classes(["C07K16/28", "C07K2317/31"]) == "bispecific"


@pytest.mark.django_db
def test_the_api_gives_each_hit_a_plain_explanation(client, settings, tmp_path, alice_org):
    from assets.models import BiomedicalProfile as Profile
    from matching import indexing
    from tests.factories import make_asset

    settings.DATA_DIR = tmp_path
    asset = make_asset(
        alice_org, number="CN5A", title="Antibody-drug conjugate against HER2 for gastric cancer"
    )
    Profile.objects.create(asset=asset, modality="adc", phase=3)
    indexing.rebuild_asset_index()
    hits = client.get("/api/v1/matching/assets", {"q": "HER2 ADC for gastric cancer"}).json()
    assert hits and hits[0]["explanation"]
    assert "cosine" not in hits[0]["explanation"]
