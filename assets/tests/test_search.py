import pytest

from assets.models import BiomedicalProfile, Indication
from assets.search import search_assets
from core.errors import InvalidInput
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def test_traditional_query_finds_simplified_title(alice_org):
    make_asset(alice_org, number="CN1A", title="一种治疗鼻咽癌的抗体")
    result = search_assets(user=None, query="鼻咽癌 抗體")
    assert [a.number for a in result.page] == ["CN1A"]


def test_every_term_must_match(alice_org):
    make_asset(alice_org, number="CN1A", title="PD-1 antibody", abstract="")
    make_asset(alice_org, number="CN2A", title="PD-1 small molecule", abstract="")
    assert [a.number for a in search_assets(user=None, query="pd-1 ANTIBODY").page] == ["CN1A"]


def test_confidential_assets_never_appear_for_outsiders(alice_org, charlie, alice):
    make_asset(alice_org, number="CN1A", visibility="confidential", title="secret antibody")
    assert search_assets(user=charlie, query="antibody").total == 0
    assert search_assets(user=None, query="antibody").total == 0
    assert search_assets(user=alice, query="antibody").total == 1


def test_facets_count_the_filtered_results(alice_org):
    lung = Indication.objects.get(code="nsclc")
    first = make_asset(alice_org, number="CN1A", jurisdiction="CN")
    make_asset(alice_org, number="US2B2", jurisdiction="US")
    BiomedicalProfile.objects.create(asset=first, phase=3, modality="antibody").indications.add(lung)
    result = search_assets(user=None, filters={"indication": "nsclc"})
    assert result.total == 1
    assert result.facets["jurisdiction"] == [{"value": "CN", "label": "China", "count": 1}]
    assert result.facets["phase"][0]["value"] == 3


def test_bad_phase_filter_is_refused():
    with pytest.raises(InvalidInput):
        search_assets(user=None, filters={"phase": "eleven"})


@pytest.mark.parametrize("filters", [{"cpc_section": "A\x00"}, {"kind": "x\x00y"}])
def test_nul_characters_are_refused_not_sent_to_the_database(filters):
    with pytest.raises(InvalidInput, match="NUL"):
        search_assets(user=None, filters=filters)
    with pytest.raises(InvalidInput, match="NUL"):
        search_assets(user=None, query="kinase\x00")


def _with_indication(asset, indication):
    BiomedicalProfile.objects.create(asset=asset, phase=2, modality="antibody").indications.add(indication)
    return asset


@pytest.fixture
def cancer_and_not(alice_org):
    lung = Indication.objects.get(code="nsclc")
    eczema, _created = Indication.objects.get_or_create(
        code="atopic-dermatitis-test",
        defaults={
            "name_en": "Atopic dermatitis",
            "name_zh_hant": "異位性皮膚炎",
            "name_zh_hans": "特应性皮炎",
        },
        is_cancer=False,
    )
    _with_indication(make_asset(alice_org, number="CN1A"), lung)
    _with_indication(make_asset(alice_org, number="CN2A"), eczema)
    _with_indication(make_asset(alice_org, number="CN3A", visibility="confidential"), lung)
    make_asset(alice_org, number="CN4A")


def test_any_cancer_finds_the_assets_with_a_cancer_indication_only(cancer_and_not, alice):
    assert [a.number for a in search_assets(user=None, filters={"cancer": "any"}).page] == ["CN1A"]
    assert {a.number for a in search_assets(user=alice, filters={"cancer": "any"}).page} == {"CN1A", "CN3A"}


def test_any_cancer_is_a_facet_value_with_its_count(cancer_and_not):
    result = search_assets(user=None)
    assert result.facets["cancer"] == [{"value": "any", "label": "Any cancer", "count": 1}]


def test_an_unknown_cancer_filter_value_is_refused():
    with pytest.raises(InvalidInput):
        search_assets(user=None, filters={"cancer": "all-of-them"})
