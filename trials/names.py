"""Names compared across registries and patent offices: company names and drug names.

Both are folded (case, width, Chinese script) and cut into word tokens, so that "Kowa Company, Ltd." and
"KOWA CO LTD" meet, as do "K-877" and "k 877".
"""

import re

from core.languages import fold

_WORD = re.compile(r"\w+")
# Legal-form words that say nothing about who the company is; only dropped at the end of a name.
COMPANY_SUFFIXES = {
    "inc", "incorporated", "co", "company", "corp", "corporation", "ltd", "limited", "llc", "llp", "lp",
    "plc", "gmbh", "ag", "kg", "sa", "spa", "srl", "sas", "bv", "nv", "kk", "ab", "as", "asa", "oy",
    "pty", "sarl", "holdings", "group",
}  # fmt: skip
CHINESE_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "集团", "公司")
MIN_KEY_LENGTH = 3


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("&", " and "))


def company_key(name: str) -> str:
    """'Kowa Company, Ltd.' → 'kowa'; '江蘇恒瑞醫藥股份有限公司' → '江苏恒瑞医药'. '' when nothing is left."""
    words = tokens(name)
    if words and words[0] == "the":
        words = words[1:]
    while words and words[-1] in COMPANY_SUFFIXES:
        words.pop()
    if words:
        for suffix in CHINESE_SUFFIXES:
            if words[-1].endswith(suffix) and len(words[-1]) > len(suffix):
                words[-1] = words[-1].removesuffix(suffix)
                break
    key = " ".join(words)
    return key if len(key) >= MIN_KEY_LENGTH else ""


def drug_key(name: str) -> str:
    key = " ".join(tokens(name))
    return key if len(key) >= MIN_KEY_LENGTH else ""


def phrases(text: str, longest: int) -> set[str]:
    """Every run of 1..longest consecutive words of the text, as keys: what a drug name may match."""
    words = tokens(text)
    return {" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}
