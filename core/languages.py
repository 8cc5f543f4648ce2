"""Languages of the platform and Traditional/Simplified Chinese folding.

Search and comparison fold both Chinese scripts to Simplified, and Latin text to lower case, so that
a query in 繁體 finds a record written in 简体 and the other way round.
"""

import functools
import itertools
import re
import unicodedata

import opencc

LANGUAGE_CODES = ("en", "zh-hant", "zh-hans")
ORIGINAL_LANGUAGE_CHOICES = [
    ("en", "English"),
    ("zh-hant", "繁體中文"),
    ("zh-hans", "简体中文"),
    ("other", "—"),
]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@functools.cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if has_cjk(text) else text


def to_traditional(text: str) -> str:
    """Simplified to Traditional Chinese with Hong Kong variants and phrases."""
    return _converter("s2hk").convert(text) if has_cjk(text) else text


def fold(text: str) -> str:
    """The form in which text is indexed and compared: NFKC, case-folded, Simplified script."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return to_simplified(text)


def detect_language(text: str) -> str:
    """A cheap guess good enough to label user content: Chinese script, else English."""
    if not has_cjk(text):
        return "en"
    return "zh-hans" if to_simplified(text) == text and to_traditional(text) != text else "zh-hant"


def in_turns(versions: list[list[str]], limit: int) -> list[str]:
    """The distinct terms of several versions of one text (an original and its translations), taken in
    turns, at most `limit`: a long Chinese original (a term per pair of characters) must not leave its
    English translation without a share of a query's terms."""
    taken: dict[str, None] = {}
    for row in itertools.zip_longest(*versions):
        for term in row:
            if term is not None:
                taken.setdefault(term)
                if len(taken) == limit:
                    return list(taken)
    return list(taken)
