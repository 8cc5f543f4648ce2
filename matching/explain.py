"""Why a document matched, in words a biomedical business reader uses, in their language.

The engine's own explanation (cosines, full-text scores, fit marks and codes) stays in each reason's `detail`
for the API and the evaluation; pages show these phrases instead: "strong semantic match; shares
antibody–drug conjugate; indication fits: gastric cancer; phase unknown".
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assets.models import BiomedicalProfile
from assets.vocabulary import INDICATIONS

# Bands that put the encoder's cosine between a need and a patent text into words. They are for display only
# (ranking uses the cosine relative to the query's best); unlike the fused score, a cosine does not depend on
# the other candidates, so the same words mean the same closeness on every page.
SEMANTIC_BANDS = ((0.5, "strong"), (0.35, "good"), (0.25, "some"))
FULL, PARTIAL = 1.0, 0.5


def _semantic(cosine: float) -> str:
    band = next((name for floor, name in SEMANTIC_BANDS if cosine >= floor), "weak")
    return {
        "strong": _("strong semantic match"),
        "good": _("good semantic match"),
        "some": _("some semantic similarity"),
        "weak": _("little semantic similarity"),
    }[band]


def indication_names(codes: Iterable[str]) -> str:
    """The indications' names in the reader's language and script, not the registry's codes."""
    column = {"zh-hant": 2, "zh-hans": 3}.get((get_language() or "en").lower(), 1)
    names = {str(row[0]): str(row[column]) for row in INDICATIONS}
    return ", ".join(names.get(code, code) for code in sorted(codes))


def modality_name(code: str) -> str:
    if code in BiomedicalProfile.Modality.values:
        return str(BiomedicalProfile.Modality(code).label)
    return code


def phase_name(phase: int) -> str:
    if phase in BiomedicalProfile.Phase.values:
        return str(BiomedicalProfile.Phase(phase).label)
    return str(phase)


def _modality(fit: float, modality: str) -> str:
    if not modality:
        return _("modality unknown")
    name = modality_name(modality)
    if fit >= FULL:
        return _("shares %(modality)s") % {"modality": name}
    return _("different modality: %(modality)s") % {"modality": name}


def _indication(fit: float, codes: list[str]) -> str:
    if not codes:
        return _("indication unknown")
    names = indication_names(codes)
    if fit >= FULL:
        return _("indication fits: %(names)s") % {"names": names}
    if fit >= PARTIAL:
        return _("related indication: %(names)s") % {"names": names}
    return _("other indication: %(names)s") % {"names": names}


def _phase(fit: float, phase: int | None) -> str:
    if phase is None:
        return _("phase unknown")
    if fit >= FULL:
        return _("phase fits: %(phase)s") % {"phase": phase_name(phase)}
    return _("outside the phases asked for: %(phase)s") % {"phase": phase_name(phase)}


def _territory(fit: float, place: str) -> str:
    if fit >= FULL:
        return _("territory fits: %(place)s") % {"place": place}
    return _("other territory: %(place)s") % {"place": place or "—"}


def _structured(facts: Mapping[str, Any]) -> list[str]:
    parts, attributes = facts.get("parts", {}), facts.get("attributes", {})
    phrases = []
    if "modality" in parts:
        phrases.append(_modality(parts["modality"], attributes.get("modality", "")))
    if "indication" in parts:
        phrases.append(_indication(parts["indication"], attributes.get("indications", [])))
    if "phase" in parts:
        phrases.append(_phase(parts["phase"], attributes.get("phase")))
    if "territory" in parts:
        phrases.append(_territory(parts["territory"], attributes.get("jurisdiction", "")))
    if attributes.get("derived") and phrases:
        phrases[-1] += " " + _("(read from the patent classification)")
    return phrases


def _buyer(facts: Mapping[str, Any]) -> list[str]:
    phrases = []
    if facts.get("closeness", 0.0) >= SEMANTIC_BANDS[1][0]:
        phrases.append(_("close to your portfolio"))
    if facts.get("shared"):
        phrases.append(_("in your franchise: %(names)s") % {"names": indication_names(facts["shared"])})
    return phrases


def plain_reasons(why: Iterable[Any]) -> list[str]:
    """Each reason of a match as short phrases, from the facts the engine kept beside its numbers."""
    phrases: list[str] = []
    for reason in why:
        item = reason if isinstance(reason, Mapping) else reason.as_dict()
        facts = item.get("facts") or {}
        signal = item.get("signal")
        if signal == "semantic" and "cosine" in facts:
            phrases.append(_semantic(float(facts["cosine"])))
        elif signal == "lexical" and facts.get("terms"):
            phrases.append(_("shared words: %(terms)s") % {"terms": ", ".join(facts["terms"][:5])})
        elif signal == "structured":
            phrases.extend(_structured(facts))
        elif signal == "buyer":
            phrases.extend(_buyer(facts))
        elif signal == "listing" and item.get("detail"):
            phrases.append(str(item["detail"]))  # the listing's own terms, already in words
    return phrases


def plain_summary(why: Iterable[Any]) -> str:
    return "; ".join(plain_reasons(why))


def organisation_reason(closeness: float, shared: Iterable[str]) -> str:
    """Why an organisation may want an offer: its portfolio's closeness and the indications it shares."""
    phrases = [_("close to their portfolio") if closeness >= SEMANTIC_BANDS[1][0] else _("some overlap")]
    shared = list(shared)
    if shared:
        phrases.append(_("works in %(names)s") % {"names": indication_names(shared)})
    return "; ".join(phrases)
