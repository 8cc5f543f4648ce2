"""The matching engine's bilingual glossary, applied to the marketplace postings.

The postings match every word of a query (an AND of keys), so the bridge works in two ways:
- a listing written in Chinese also carries the English words of the glossary terms it contains
  (`t:bispecific`, `t:antibody` for 双特异性抗体), so English queries find it;
- every listing carries a concept key `t:=<term>` for each glossary term it states, in Chinese (the term
  itself, after Traditional → Simplified folding) or in English (every word of the term's English),
  and a Chinese query asks for the concept keys of the glossary terms it contains; only the Chinese
  characters no term covers are still matched as bigrams.
"""

import functools
import re

from core.languages import fold
from matching.glossary import chinese_to_english
from matching.text import glossary_terms

_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@functools.cache
def _english_words() -> dict[str, frozenset[str]]:
    """Glossary term → the posting words of its English (with the postings' own folding and plurals)."""
    from listings.indexing import words

    return {term: frozenset(words(english)) for term, english in chinese_to_english().items()}


def english_words(text: str) -> list[str]:
    """Posting words of the English the glossary gives for the Chinese terms of a text."""
    from listings.indexing import words

    return words(" ".join(glossary_terms(text))) if _CJK_RUN.search(fold(text)) else []


def concepts(text: str, found: set[str]) -> set[str]:
    """Glossary terms a listing states: in Chinese in its text, or in English among its words."""
    folded = fold(text)
    return {
        term
        for term, english in _english_words().items()
        if (_CJK_RUN.fullmatch(term) and term in folded) or (english and english <= found)
    }
