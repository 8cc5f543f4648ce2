"""Seed vocabularies: indications (cancer types first) and statutory patent terms with their legal sources.

The operator edits both in the back office; these are only the starting rows.
"""

# code, English, Traditional Chinese, Simplified Chinese, is cancer, indication group for phase rates
INDICATIONS = [
    (
        "solid-tumours",
        "Solid tumours (unspecified)",
        "實體瘤（未指明）",
        "实体瘤（未指明）",
        True,
        "oncology_solid",
    ),
    ("nsclc", "Non-small-cell lung cancer", "非小細胞肺癌", "非小细胞肺癌", True, "oncology_solid"),
    ("sclc", "Small-cell lung cancer", "小細胞肺癌", "小细胞肺癌", True, "oncology_solid"),
    ("breast", "Breast cancer", "乳腺癌", "乳腺癌", True, "oncology_solid"),
    ("colorectal", "Colorectal cancer", "結直腸癌", "结直肠癌", True, "oncology_solid"),
    ("gastric", "Gastric cancer", "胃癌", "胃癌", True, "oncology_solid"),
    ("hcc", "Hepatocellular carcinoma", "肝細胞癌", "肝细胞癌", True, "oncology_solid"),
    ("pancreatic", "Pancreatic cancer", "胰腺癌", "胰腺癌", True, "oncology_solid"),
    ("prostate", "Prostate cancer", "前列腺癌", "前列腺癌", True, "oncology_solid"),
    ("ovarian", "Ovarian cancer", "卵巢癌", "卵巢癌", True, "oncology_solid"),
    ("cervical", "Cervical cancer", "子宮頸癌", "宫颈癌", True, "oncology_solid"),
    ("nasopharyngeal", "Nasopharyngeal carcinoma", "鼻咽癌", "鼻咽癌", True, "oncology_solid"),
    ("oesophageal", "Oesophageal cancer", "食道癌", "食管癌", True, "oncology_solid"),
    ("bladder", "Bladder cancer", "膀胱癌", "膀胱癌", True, "oncology_solid"),
    ("renal", "Renal cell carcinoma", "腎細胞癌", "肾细胞癌", True, "oncology_solid"),
    ("melanoma", "Melanoma", "黑色素瘤", "黑色素瘤", True, "oncology_solid"),
    ("head-and-neck", "Head and neck cancer", "頭頸癌", "头颈癌", True, "oncology_solid"),
    ("glioblastoma", "Glioblastoma", "膠質母細胞瘤", "胶质母细胞瘤", True, "oncology_solid"),
    ("thyroid", "Thyroid cancer", "甲狀腺癌", "甲状腺癌", True, "oncology_solid"),
    ("sarcoma", "Sarcoma", "肉瘤", "肉瘤", True, "oncology_solid"),
    ("aml", "Acute myeloid leukaemia", "急性髓系白血病", "急性髓系白血病", True, "oncology_haematologic"),
    (
        "all",
        "Acute lymphoblastic leukaemia",
        "急性淋巴細胞白血病",
        "急性淋巴细胞白血病",
        True,
        "oncology_haematologic",
    ),
    ("cml", "Chronic myeloid leukaemia", "慢性髓系白血病", "慢性髓系白血病", True, "oncology_haematologic"),
    (
        "cll",
        "Chronic lymphocytic leukaemia",
        "慢性淋巴細胞白血病",
        "慢性淋巴细胞白血病",
        True,
        "oncology_haematologic",
    ),
    ("lymphoma", "Lymphoma", "淋巴瘤", "淋巴瘤", True, "oncology_haematologic"),
    ("myeloma", "Multiple myeloma", "多發性骨髓瘤", "多发性骨髓瘤", True, "oncology_haematologic"),
    ("respiratory", "Respiratory disease", "呼吸系統疾病", "呼吸系统疾病", False, "all_indications"),
    ("cardiovascular", "Cardiovascular disease", "心血管疾病", "心血管疾病", False, "all_indications"),
    (
        "metabolic",
        "Metabolic disease (incl. diabetes)",
        "代謝疾病（包括糖尿病）",
        "代谢疾病（包括糖尿病）",
        False,
        "all_indications",
    ),
    (
        "autoimmune",
        "Autoimmune and inflammatory disease",
        "自身免疫及炎症性疾病",
        "自身免疫及炎症性疾病",
        False,
        "all_indications",
    ),
    ("infectious", "Infectious disease", "傳染病", "传染病", False, "all_indications"),
    ("neurology", "Neurological disease", "神經系統疾病", "神经系统疾病", False, "all_indications"),
]

# jurisdiction ("*" = any other office), kind, years, counted from, applies to filings from, source
TERM_RULES = [
    ("CN", "invention", 20, "application", None, "Patent Law of the PRC (2020) Art. 42"),
    ("CN", "utility_model", 10, "application", None, "Patent Law of the PRC (2020) Art. 42"),
    ("CN", "design", 15, "application", "2021-06-01", "Patent Law of the PRC (2020) Art. 42"),
    ("CN", "design", 10, "application", None, "Patent Law of the PRC (2008) Art. 42"),
    ("CN", "trademark", 10, "grant", None, "Trademark Law of the PRC Art. 39 (renewable)"),
    ("US", "invention", 20, "application", None, "35 U.S.C. 154(a)(2)"),
    ("US", "design", 15, "grant", "2015-05-13", "35 U.S.C. 173"),
    ("US", "design", 14, "grant", None, "35 U.S.C. 173 (before the Patent Law Treaties Implementation Act)"),
    ("US", "trademark", 10, "grant", None, "15 U.S.C. 1058-1059 (renewable)"),
    ("EP", "invention", 20, "application", None, "European Patent Convention Art. 63(1)"),
    ("HK", "hk_standard_o", 20, "application", None, "Patents Ordinance (Cap. 514) s.127H"),
    ("HK", "hk_standard_r", 20, "application", None, "Patents Ordinance (Cap. 514) s.39"),
    ("HK", "hk_short_term", 8, "application", None, "Patents Ordinance (Cap. 514) s.126"),
    ("HK", "trademark", 10, "grant", None, "Trade Marks Ordinance (Cap. 559) s.48 (renewable)"),
    ("MO", "invention", 20, "application", None, "Industrial Property Code of Macao Art. 98"),
    ("*", "invention", 20, "application", None, "TRIPS Agreement Art. 33"),
    ("*", "utility_model", 10, "application", None, "Typical statutory term; confirm per office"),
    ("*", "trademark", 10, "grant", None, "TRIPS Agreement Art. 18 (renewable)"),
]


def seed(indication_model, rule_model) -> None:
    """Create the starting rows (idempotent); the migration passes historical models, tests the real ones."""
    for code, en, hant, hans, is_cancer, group in INDICATIONS:
        indication_model.objects.update_or_create(
            code=code,
            defaults={
                "name_en": en,
                "name_zh_hant": hant,
                "name_zh_hans": hans,
                "is_cancer": is_cancer,
                "group": group,
            },
        )
    for jurisdiction, kind, years, counted_from, from_date, source in TERM_RULES:
        rule_model.objects.get_or_create(
            jurisdiction=jurisdiction,
            kind=kind,
            applies_to_filings_from=from_date,
            defaults={"years": years, "counted_from": counted_from, "source": source},
        )
