# ruff: noqa: E501  (legal text reads best unbroken)
"""Clause templates of the agreement per deal type, in English and Simplified Chinese (Traditional derived
with OpenCC). Placeholders in braces are filled from the locked terms, the parties and the assets."""

from core.languages import to_traditional
from listings.choices import LICENCES, TRANSFERS

PARTIES = (
    "This agreement is made between {seller} (the “Licensor” or “Seller”) and {buyer} (the “Licensee” or "
    "“Buyer”), on the terms accepted in version {version} of the term sheet of deal room {room}.",
    "本协议由{seller}（“许可方”或“出让方”）与{buyer}（“被许可方”或“受让方”）依据第{room}号交易室第{version}版"
    "条款书订立。",
)
ASSETS = ("The assets: {assets}.", "标的资产：{assets}。")
LICENCE = [
    (
        "Grant. The Licensor grants the Licensee a {exclusivity} licence under the assets in the field of {field} "
        "in the territory {territory} for {term_years} years.",
        "许可。许可方授予被许可方在{territory}地域、{field}领域内为期{term_years}年的{exclusivity_zh}许可。",
    ),
    (
        "Consideration. The Licensee pays an upfront fee of {currency} {upfront}, the milestones {milestones}, and "
        "royalties on net sales by tiers {tiers} (step-downs: {step_downs}; floor {floor}%).",
        "对价。被许可方支付首付款{currency} {upfront}、里程碑付款{milestones}，并按净销售额分级支付提成{tiers}"
        "（递减：{step_downs}；下限{floor}%）。",
    ),
    (
        "Sublicensing. The Licensee may sublicense and pays the Licensor {sublicensing}% of sublicensing income.",
        "分许可。被许可方可以分许可，并向许可方支付分许可收入的{sublicensing}%。",
    ),
    (
        "Reports. The Licensee reports net sales by product, territory and period and pays royalties within the "
        "agreed time after each period.",
        "报告。被许可方按产品、地域和期间报告净销售额，并在每期结束后约定期限内支付提成。",
    ),
]
ASSIGNMENT = [
    (
        "Assignment. The Seller assigns to the Buyer all right, title and interest in the assets, for "
        "{currency} {upfront} and the milestones {milestones}.",
        "转让。出让方将标的资产的全部权利、所有权及权益转让予受让方，对价为{currency} {upfront}及里程碑付款{milestones}。",
    ),
    (
        "Recordal. The parties record the assignment with the registry and the patent offices concerned.",
        "登记。双方向登记机构及相关专利局办理转让登记。",
    ),
]
OTHER = [
    (
        "Collaboration. The parties cooperate on the assets as set out in the locked terms: upfront {currency} "
        "{upfront}, milestones {milestones}, equity {equity}%.",
        "合作。双方按锁定条款就标的资产合作：首付款{currency} {upfront}，里程碑付款{milestones}，股权{equity}%。",
    ),
]
CLOSING = [
    ("Diligence. {diligence}", "勤勉义务。{diligence}"),
    ("Grant-back. {grant_back}", "回授。{grant_back}"),
    ("Termination. {termination}", "终止。{termination}"),
    (
        "Governing law. This agreement is governed by the law of {governing_law}. It is signed in the platform by "
        "the authorised signatories of both parties and sealed by IP Harbour.",
        "适用法律。本协议适用{governing_law}法律。本协议由双方授权签署人在平台上签署，并由IP Harbour盖章。",
    ),
]
EXCLUSIVITY_ZH = {"exclusive": "独占", "sole": "排他", "non_exclusive": "普通"}


def clauses_for(deal_type: str) -> list[tuple[str, str]]:
    body = LICENCE if deal_type in LICENCES else ASSIGNMENT if deal_type in TRANSFERS else OTHER
    return [PARTIES, ASSETS, *body, *CLOSING]


def render(deal_type: str, values: dict[str, str], script: str) -> tuple[str, str]:
    """The agreement's English text and its Chinese text in the chosen script."""
    values = {**values, "exclusivity_zh": EXCLUSIVITY_ZH.get(values.get("exclusivity", ""), "")}
    english, chinese = [], []
    for n, (en, zh) in enumerate(clauses_for(deal_type), start=1):
        english.append(f"{n}. " + en.format_map(values))
        chinese.append(f"{n}. " + zh.format_map(values))
    local = "\n\n".join(chinese)
    return "\n\n".join(english), to_traditional(local) if script == "zh-hant" else local
