from core.languages import detect_language, fold, to_traditional


def test_traditional_and_simplified_fold_to_the_same_form():
    assert fold("腫瘤免疫療法") == fold("肿瘤免疫疗法")


def test_latin_text_folds_case_and_width():
    assert fold("ＡＮＴＩＢＯＤＹ Drug") == "antibody drug"


def test_simplified_converts_to_hong_kong_traditional():
    assert to_traditional("肿瘤") == "腫瘤"


def test_language_is_guessed_from_the_script():
    assert detect_language("antibody") == "en"
    assert detect_language("抗体药物偶联物") == "zh-hans"
    assert detect_language("抗體藥物偶聯物") == "zh-hant"


def test_versions_of_a_text_share_a_budget_of_terms_in_turns():
    from core.languages import in_turns

    chinese = [f"c{n}" for n in range(100)]
    assert in_turns([chinese, ["kras", "c0", "inhibitor"]], 6) == [
        "c0",
        "kras",
        "c1",
        "c2",
        "inhibitor",
        "c3",
    ]
    assert in_turns([["a", "b"], []], 10) == ["a", "b"]
