"""Fusion: one ranked list from several signals, each hit with what every signal contributed.

Each signal is brought to [0, 1] in a way that does not depend on which candidates were retrieved
(lexical and semantic are divided by the best score of the query, structured and buyer fit are bounded
by construction), then weighted and added. A hit's score is exactly the sum of its contributions.
The weights were tuned on a held-out split of real patents (docs/matching.md, `ipharbour matching
evaluate --tune`) and live in weights.json; the operator may override any with the figure
"matching.weights.<signal>".
"""

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from matching.attributes import Attributes, Filters, structured_fit

SIGNALS = ("semantic", "lexical", "structured", "buyer")
WEIGHTS_FILE = Path(__file__).resolve().parent / "weights.json"
PRECISION = 6


@dataclass(frozen=True)
class Weights:
    semantic: float = 1.0
    lexical: float = 1.0
    structured: float = 0.5
    buyer: float = 0.5

    def of(self, signal: str) -> float:
        return float(getattr(self, signal))


@functools.cache
def published_weights() -> Weights:
    data = json.loads(WEIGHTS_FILE.read_text())
    return Weights(**{signal: float(data[signal]) for signal in SIGNALS})


def current_weights() -> Weights:
    """The tuned weights, with the operator's overrides (figure settings) on top."""
    from core.models import FigureSetting

    weights = published_weights()
    overrides = FigureSetting.objects.filter(key__startswith="matching.weights.").values_list("key", "value")
    changes = {
        key.rsplit(".", 1)[1]: float(value) for key, value in overrides if key.rsplit(".", 1)[1] in SIGNALS
    }
    return Weights(**{**weights.__dict__, **changes}) if changes else weights


@dataclass
class Buyer:
    """What the buyer already has and says it works in, reduced to a vector and indication codes."""

    name: str
    vector: np.ndarray | None  # centroid of portfolio and franchise: where to look for candidates
    indications: frozenset[str] = frozenset()
    portfolio_size: int = 0
    portfolio: np.ndarray | None = None  # one row per asset the buyer holds
    franchise: np.ndarray | None = None  # the franchise areas as the buyer wrote them, embedded
    terms: list[str] = field(default_factory=list)  # the franchise areas as full-text terms


@dataclass
class Why:
    signal: str
    contribution: float
    detail: str
    value: float = 0.0
    weight: float = 0.0
    facts: dict = field(default_factory=dict)  # what the detail was made from, for plain-language phrases

    def as_dict(self) -> dict:
        return {
            "signal": self.signal,
            "contribution": self.contribution,
            "detail": self.detail,
            "value": round(self.value, 4),
            "weight": self.weight,
            "facts": self.facts,
        }


@dataclass
class Hit:
    """One result of the engine, the same on every backend."""

    id: int
    number: str
    score: float
    why: list[Why] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "number": self.number,
            "score": self.score,
            "why": [w.as_dict() for w in self.why],
        }


@dataclass
class Candidate:
    id: int
    number: str
    attributes: Attributes
    vector: np.ndarray | None
    lexical: float = 0.0
    semantic: float = 0.0
    franchise_lexical: float = 0.0  # full-text score of the buyer's franchise terms


@dataclass
class Query:
    vector: np.ndarray
    terms: list[str]
    filters: Filters = field(default_factory=Filters)
    buyer: Buyer | None = None


def _contribution(weight: float, value: float) -> float:
    return round(weight * value, PRECISION)


def closeness(candidate: Candidate, buyer: Buyer) -> float:
    """Mean of the similarity to the nearest asset of the portfolio and to the franchise description.

    The nearest asset, not the centroid: a portfolio spans several products, and an asset close to one of
    them fits even when it is far from their average.
    """
    parts: list[float] = []
    if candidate.vector is None:
        return 0.0
    if buyer.portfolio is not None and len(buyer.portfolio):
        parts.append(float(np.max(buyer.portfolio @ candidate.vector)))
    if buyer.franchise is not None:
        parts.append(float(buyer.franchise @ candidate.vector))
    if not parts and buyer.vector is not None:
        parts.append(float(buyer.vector @ candidate.vector))
    return float(np.clip(np.mean(parts), 0.0, 1.0)) if parts else 0.0


@dataclass
class BuyerFit:
    value: float
    closeness: float
    words: float
    shared: frozenset[str]


def buyer_fit(candidate: Candidate, buyer: Buyer, best_closeness: float, best_words: float) -> BuyerFit:
    """A third each: closeness to the portfolio and franchise (relative to the closest candidate), the
    franchise's words found in the document (relative to the best), and a shared indication."""
    near = closeness(candidate, buyer)
    shared = buyer.indications & candidate.attributes.indications
    parts = [
        near / best_closeness if best_closeness > 0 else 0.0,
        candidate.franchise_lexical / best_words if best_words > 0 else 0.0,
        1.0 if shared else 0.0,
    ]
    return BuyerFit(sum(parts) / 3, near, parts[1], shared)


def _explain_structured(fit_parts: dict[str, float], attributes: Attributes, texts: dict[str, str]) -> str:
    marks = {1.0: "✓", 0.5: "≈", 0.25: "?", 0.0: "✗"}
    shown = {
        "modality": attributes.modality or "?",
        "indication": ",".join(sorted(attributes.indications)) or "?",
        "phase": "?" if attributes.phase is None else str(attributes.phase),
        "territory": attributes.jurisdiction,
        "deal_type": ",".join(sorted(attributes.deal_types)),
    }
    text = "; ".join(f"{name} {marks.get(value, value)} {shown[name]}" for name, value in fit_parts.items())
    return text + (texts["derived"] if attributes.derived else "")


# Explanation templates, translated once per ranking rather than once per hit (gettext is not free).
TEMPLATES = {
    "derived": gettext_noop(" (derived from CPC/IPC)"),
    "semantic": gettext_noop("cosine %(cosine).3f (best %(best).3f)"),
    "lexical": gettext_noop("full-text score %(score).3f (best %(best).3f)"),
    "buyer": gettext_noop(
        "closeness %(closeness).3f to the portfolio (%(size)d assets) and franchise of %(name)s; "
        "franchise words %(words).2f"
    ),
    "shared": gettext_noop("; shared indication %(codes)s"),
}


@dataclass
class _Context:
    best_lexical: float
    best_semantic: float
    best_closeness: float = 0.0
    best_words: float = 0.0
    texts: dict[str, str] = field(default_factory=dict)


def _values(candidates: list[Candidate], query: Query) -> tuple[dict[str, np.ndarray], _Context]:
    """Each active signal's normalised value for every candidate, as arrays (no text yet)."""
    lexical = np.array([c.lexical for c in candidates], dtype=np.float64)
    semantic = np.array([c.semantic for c in candidates], dtype=np.float64)
    context = _Context(float(lexical.max(initial=0.0)), float(semantic.max(initial=0.0)))
    values = {
        "semantic": np.clip(semantic / context.best_semantic, 0.0, 1.0)
        if context.best_semantic > 0
        else 0 * semantic,
        "lexical": lexical / context.best_lexical if context.best_lexical > 0 else 0 * lexical,
    }
    if not query.filters.empty:
        values["structured"] = np.array(
            [structured_fit(c.attributes, query.filters).score for c in candidates]
        )
    if query.buyer is not None:
        buyer = query.buyer
        context.best_closeness = max((closeness(c, buyer) for c in candidates), default=0.0)
        context.best_words = max((c.franchise_lexical for c in candidates), default=0.0)
        fits = [buyer_fit(c, buyer, context.best_closeness, context.best_words).value for c in candidates]
        values["buyer"] = np.array(fits)
    return values, context


def fuse(
    candidates: list[Candidate],
    query: Query,
    weights: Weights,
    top: int | None = None,
    *,
    explain: bool = True,
) -> list[Hit]:
    """The candidates ranked by fused score (ties by id), the first `top` with their explanations (none
    when `explain` is False: the registry's search box says why from the words shared instead).

    Scores are computed for all candidates as arrays; only the hits returned are explained.
    """
    if not candidates:
        return []
    values, context = _values(candidates, query)
    context.texts = {key: _(template) for key, template in TEMPLATES.items()}
    contributions = {s: np.round(weights.of(s) * v, PRECISION) for s, v in values.items()}
    scores = np.round(np.sum(list(contributions.values()), axis=0), PRECISION)
    ids = np.array([c.id for c in candidates])
    order = np.lexsort((ids, -scores))[: top if top is not None else len(candidates)]
    return [
        Hit(
            candidates[row].id,
            candidates[row].number,
            float(scores[row]),
            _explain(
                candidates[row], query, weights, context, {s: float(c[row]) for s, c in contributions.items()}
            )
            if explain
            else [],
        )
        for row in order
    ]


def ranking(candidates: list[Candidate], query: Query, weights: Weights) -> list[int]:
    """Only the order of the ids, for evaluations that rank thousands of pools."""
    if not candidates:
        return []
    values, _context = _values(candidates, query)
    scores = np.round(sum(np.round(weights.of(s) * v, PRECISION) for s, v in values.items()), PRECISION)
    ids = np.array([c.id for c in candidates])
    return ids[np.lexsort((ids, -scores))].tolist()


def _explain(
    candidate: Candidate, query: Query, weights: Weights, context: _Context, contributions: dict[str, float]
) -> list[Why]:
    texts = context.texts
    why = [
        _semantic(candidate, context.best_semantic, weights, texts),
        _lexical(candidate, context.best_lexical, weights, texts),
    ]
    if "structured" in contributions:
        why.append(_structured(candidate, query.filters, weights, texts))
    if "buyer" in contributions and query.buyer is not None:
        best = (context.best_closeness, context.best_words)
        why.append(_buyer(candidate, query.buyer, best, weights, texts))
    for item in why:  # the arrays' rounding is the one the score was summed from
        item.contribution = contributions[item.signal]
    return why


def _semantic(candidate: Candidate, best: float, weights: Weights, texts: dict[str, str]) -> Why:
    value = float(np.clip(candidate.semantic / best, 0.0, 1.0)) if best > 0 else 0.0
    detail = texts["semantic"] % {"cosine": candidate.semantic, "best": best}
    facts = {"cosine": round(candidate.semantic, 4)}
    return Why("semantic", _contribution(weights.semantic, value), detail, value, weights.semantic, facts)


def _lexical(candidate: Candidate, best: float, weights: Weights, texts: dict[str, str]) -> Why:
    value = candidate.lexical / best if best > 0 else 0.0
    detail = texts["lexical"] % {"score": candidate.lexical, "best": best}
    return Why("lexical", _contribution(weights.lexical, value), detail, value, weights.lexical)


def _structured(candidate: Candidate, filters: Filters, weights: Weights, texts: dict[str, str]) -> Why:
    fit = structured_fit(candidate.attributes, filters)
    detail = _explain_structured(fit.parts, candidate.attributes, texts)
    facts = {"parts": fit.parts, "attributes": candidate.attributes.as_json()}
    contribution = _contribution(weights.structured, fit.score)
    return Why("structured", contribution, detail, fit.score, weights.structured, facts)


def _buyer(
    candidate: Candidate, buyer: Buyer, best: tuple[float, float], weights: Weights, texts: dict[str, str]
) -> Why:
    fit = buyer_fit(candidate, buyer, *best)
    detail = texts["buyer"] % {
        "closeness": fit.closeness,
        "size": buyer.portfolio_size,
        "name": buyer.name,
        "words": fit.words,
    }
    if fit.shared:
        detail += texts["shared"] % {"codes": ",".join(sorted(fit.shared))}
    facts = {"closeness": round(fit.closeness, 4), "shared": sorted(fit.shared)}
    return Why("buyer", _contribution(weights.buyer, fit.value), detail, fit.value, weights.buyer, facts)


def strict_pass(candidate: Candidate, filters: Filters) -> bool:
    """With strict filters, a document must fit every stated criterion, at least in part (a cancer of the
    same group); an attribute nobody recorded does not pass."""
    if not filters.strict or filters.empty:
        return True
    return all(value >= 0.5 for value in structured_fit(candidate.attributes, filters).parts.values())
