from matching.attributes import (
    Attributes,
    Filters,
    indications_from_classes,
    modality_from_classes,
    structured_fit,
)
from matching.text import query_terms, tokens


def test_traditional_and_simplified_fold_to_the_same_terms():
    assert tokens("非小細胞肺癌的抑制劑") == tokens("非小细胞肺癌的抑制剂")


def test_chinese_is_indexed_as_character_bigrams():
    assert tokens("肺癌治療") == ["肺癌", "癌治", "治疗"]


def test_english_words_fold_plurals_and_drop_stopwords():
    assert tokens("The Inhibitors of KRAS") == ["inhibitor", "kras"]


def test_a_chinese_query_carries_the_english_words_of_its_terms():
    terms = query_terms("治療哮喘的吸入劑")
    assert {"asthma", "inhaler"} <= set(terms)


def test_modality_and_indications_come_from_the_classification():
    assert modality_from_classes(["A61K 47/6803", "C07K16/32"]) == "adc"
    assert indications_from_classes(["A61P35/00", "A61P11/06", "A61P3/10"]) == {
        "solid-tumours",
        "respiratory",
        "metabolic",
    }
    assert indications_from_classes(["A61P35/00"]) == {"solid-tumours"}  # A61P3 does not catch A61P35


def test_structured_fit_gives_partial_credit_for_a_cancer_of_the_same_group():
    asset = Attributes(modality="antibody", indications=frozenset({"breast"}))
    fit = structured_fit(asset, Filters.of({"modalities": ["antibody"], "indications": ["gastric"]}))
    assert fit.parts == {"modality": 1.0, "indication": 0.5}
    assert fit.score == 0.75


def test_unknown_attributes_count_a_quarter():
    fit = structured_fit(Attributes(), Filters.of({"modalities": ["antibody"], "phases": [3]}))
    assert fit.score == 0.25
