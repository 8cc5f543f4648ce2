"""The default GB/T 42748-2023 indicator tree: 3 first-level, 14 second-level and 27 third-level indicators.

The standard publishes this shape (legal, technical and economic value; 14 and 27 indicators below them)
and leaves the weights to the scenario. The second- and third-level names below follow its published
structure as far as it could be checked; every one of them is seeded as an operator-editable default
and flagged "name to check against the standard". Scenario weights of the first level are defaults too,
documented in docs/valuation.md; lower levels start equal.
"""

# (code, English, Simplified Chinese, Traditional Chinese, input kind, registry measure)
TREE = [
    ("L", "Legal value", "法律价值", "法律價值", "derived", ""),
    ("L1", "Stability of the right", "权利稳定性", "權利穩定性", "derived", ""),
    (
        "L1.1",
        "Examination and invalidation history",
        "审查与无效历史",
        "審查與無效歷史",
        "registry",
        "legal_events",
    ),
    ("L1.2", "Validity risk (prior art, drafting)", "有效性风险", "有效性風險", "expert", ""),
    ("L2", "Scope of protection", "保护范围", "保護範圍", "derived", ""),
    ("L2.1", "Number of claims", "权利要求数量", "權利要求數量", "registry", "claim_count"),
    (
        "L2.2",
        "Breadth of the independent claims",
        "独立权利要求保护范围",
        "獨立權利要求保護範圍",
        "expert",
        "",
    ),
    ("L3", "Remaining term", "剩余保护期", "剩餘保護期", "derived", ""),
    ("L3.1", "Years of protection remaining", "剩余有效年限", "剩餘有效年限", "registry", "remaining_term"),
    ("L4", "Geographic coverage", "地域布局", "地域佈局", "derived", ""),
    ("L4.1", "Patent family size", "同族专利数量", "同族專利數量", "registry", "family_size"),
    ("L4.2", "Jurisdictions covered", "覆盖法域", "覆蓋法域", "registry", "jurisdictions"),
    ("L5", "Enforceability", "侵权可判定性", "侵權可判定性", "derived", ""),
    ("L5.1", "Detectability of infringement", "侵权行为可发现性", "侵權行為可發現性", "expert", ""),
    ("L5.2", "Difficulty of designing around", "不可规避性", "不可規避性", "expert", ""),
    ("L6", "Clarity of ownership", "权属清晰度", "權屬清晰度", "derived", ""),
    ("L6.1", "Chain of title and certification", "权利归属与认证", "權利歸屬與認證", "registry", "title"),
    ("L6.2", "Encumbrances (licences, pledges)", "权利负担", "權利負擔", "registry", "encumbrances"),
    ("T", "Technical value", "技术价值", "技術價值", "derived", ""),
    ("T1", "Technical advancement", "技术先进性", "技術先進性", "derived", ""),
    ("T1.1", "Advance over the state of the art", "相对现有技术的进步", "相對現有技術的進步", "expert", ""),
    (
        "T1.2",
        "First- or best-in-class standing",
        "同类首创或同类最优",
        "同類首創或同類最優",
        "registry",
        "class_claim",
    ),
    ("T2", "Technical maturity", "技术成熟度", "技術成熟度", "derived", ""),
    ("T2.1", "Development phase", "研发阶段", "研發階段", "registry", "phase"),
    ("T2.2", "Readiness for industrial production", "产业化条件", "產業化條件", "expert", ""),
    ("T3", "Scope of application", "技术应用范围", "技術應用範圍", "derived", ""),
    ("T3.1", "Breadth of applications", "应用领域广度", "應用領域廣度", "expert", ""),
    ("T3.2", "Number of indications", "适应症数量", "適應症數量", "registry", "indication_count"),
    (
        "T4",
        "Independence and substitutability",
        "技术独立性与可替代性",
        "技術獨立性與可替代性",
        "derived",
        "",
    ),
    ("T4.1", "Availability of substitute technologies", "可替代技术", "可替代技術", "expert", ""),
    ("T4.2", "Dependence on other rights", "对其他权利的依赖", "對其他權利的依賴", "expert", ""),
    ("E", "Economic value", "经济价值", "經濟價值", "derived", ""),
    ("E1", "Market size and prospects", "市场规模与前景", "市場規模與前景", "derived", ""),
    ("E1.1", "Size of the addressable market", "目标市场规模", "目標市場規模", "expert", ""),
    ("E1.2", "Market growth", "市场增长", "市場增長", "expert", ""),
    ("E2", "Market share and competition", "市场占有与竞争", "市場佔有與競爭", "derived", ""),
    ("E2.1", "Expected market share", "预期市场占有率", "預期市場佔有率", "expert", ""),
    ("E2.2", "Competing products", "竞争产品情况", "競爭產品情況", "expert", ""),
    ("E3", "Returns", "收益能力", "收益能力", "derived", ""),
    (
        "E3.1",
        "Licences and income already earned",
        "已实现的许可与收益",
        "已實現的許可與收益",
        "registry",
        "licences",
    ),
    ("E3.2", "Expected profitability", "预期盈利能力", "預期盈利能力", "expert", ""),
    ("E4", "Policy and regulatory fit", "政策适应性", "政策適應性", "derived", ""),
    ("E4.1", "Fit with industrial policy", "产业政策契合度", "產業政策契合度", "expert", ""),
    ("E4.2", "Regulatory pathway", "监管审批路径", "監管審批路徑", "expert", ""),
]

# First-level weights per scenario (operator-editable defaults, not published figures).
FIRST_LEVEL_WEIGHTS = {
    "licensing": {"L": "0.30", "T": "0.30", "E": "0.40"},
    "financing": {"L": "0.40", "T": "0.20", "E": "0.40"},
    "financial_reporting": {"L": "0.20", "T": "0.20", "E": "0.60"},
    "infringement": {"L": "0.50", "T": "0.25", "E": "0.25"},
    "management": {"L": "0.35", "T": "0.35", "E": "0.30"},
}
SOURCE = "GB/T 42748-2023 专利评估指引 (structure: 3 / 14 / 27 indicators); names and weights are defaults"


def parent_code(code: str) -> str | None:
    if "." in code:
        return code.split(".")[0]
    return code[0] if len(code) > 1 else None


def level_of(code: str) -> int:
    return 3 if "." in code else (2 if len(code) > 1 else 1)
