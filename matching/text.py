"""Text analysis shared by every backend: folding, words, CJK bigrams and glossary expansion.

Both backends index the same token stream (Tantivy with a whitespace tokenizer, PostgreSQL with the
'simple' configuration), so that a query finds the same documents on either.
"""

import re

from core.languages import fold
from matching.glossary import chinese_to_english

_LATIN = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_TOKEN_SPLIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")

_STOPWORD_TEXT = """
a an and are as at be by for from has have in into is it its of on or that the their this to was were which
with wherein thereof said such same use used using method methods one more least provided present disclosure
invention relates comprising comprises comprise including includes also may can than other these those being
been not herein described
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _stem(word: str) -> str:
    # Plural folding only: "inhibitors" and "inhibitor" must meet; a full stemmer changes too much.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _latin_tokens(run: str) -> list[str]:
    return [_stem(w) for w in _LATIN.findall(run) if (w not in STOPWORDS and len(w) > 1) or w.isdigit()]


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Index terms of a text: folded words with plural folding, and Chinese as overlapping bigrams."""
    out: list[str] = []
    for match in _TOKEN_SPLIT.finditer(fold(text)):
        run = match.group()
        out.extend(_cjk_tokens(run) if _CJK_RUN.fullmatch(run) else _latin_tokens(run))
    return out


def glossary_terms(text: str) -> list[str]:
    """The glossary's English words for the Chinese terms in a text (longest terms first, no overlaps)."""
    folded = fold(text)
    glossary = chinese_to_english()
    found: list[str] = []
    for run in _CJK_RUN.findall(folded):
        found.extend(_scan(run, glossary))
    for word in re.findall(r"[a-z0-9]+细胞|[a-z0-9]+rna", folded):  # mixed-script terms: t细胞, 信使rna
        if word in glossary:
            found.append(glossary[word])
    return found


def _scan(run: str, glossary: dict[str, str]) -> list[str]:
    longest = max(map(len, glossary))
    found, i = [], 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if (words := glossary.get(run[i : i + size])) is not None:
                found.append(words)
                i += size
                break
        else:
            i += 1
    return found


def split_chinese(run: str) -> tuple[list[str], list[str]]:
    """A run of Chinese characters as glossary terms (longest first) and the stretches none covers."""
    glossary = chinese_to_english()
    longest = max(map(len, glossary))
    terms: list[str] = []
    rest: list[str] = []
    i, start = 0, 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i : i + size] in glossary:
                if start < i:
                    rest.append(run[start:i])
                terms.append(run[i : i + size])
                i += size
                start = i
                break
        else:
            i += 1
    if start < len(run):
        rest.append(run[start:])
    return terms, rest


def literal_match(text: str, indexed: str) -> bool:
    """Whether an indexed text (`lexical_text`) holds every word of a query, across languages: each
    Latin word; each glossary term in Chinese or every word of its English; other Chinese as bigrams.
    For the few documents the ranked index does not hold (an organisation's confidential assets)."""
    have = set(indexed.split())
    for match in _TOKEN_SPLIT.finditer(fold(text)):
        run = match.group()
        if not _CJK_RUN.fullmatch(run):
            if not set(_latin_tokens(run)) <= have:
                return False
            continue
        terms, rest = split_chinese(run)
        for term in terms:
            english = set(tokens(chinese_to_english()[term]))
            if not (set(_cjk_tokens(term)) <= have or english <= have):
                return False
        if not all(set(_cjk_tokens(piece)) <= have for piece in rest):
            return False
    return True


def analyse(text: str) -> list[str]:
    """Tokens of a text plus, when it has Chinese, the tokens of its glossary translation."""
    base = tokens(text)
    extra = glossary_terms(text) if _CJK_RUN.search(fold(text)) else []
    return base + tokens(" ".join(extra))


def lexical_text(text: str) -> str:
    """The stored, pre-tokenised form both full-text engines index."""
    return " ".join(analyse(text))


QUERY_TERMS = 64  # terms of a query at most


def query_terms(text: str, limit: int = QUERY_TERMS) -> list[str]:
    """Distinct terms of a query, in order, at most `limit` (a pasted abstract must stay cheap)."""
    return list(dict.fromkeys(analyse(text)))[:limit]
