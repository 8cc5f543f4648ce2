"""Structured attributes of a matchable document, and how well they fit what a need asks for.

An asset's modality, indications and phase come from its biomedical profile when its owner filled one in;
otherwise they are derived from the examiners' classification (CPC/IPC), and the explanation says so.
"""

from dataclasses import dataclass, field

from assets.vocabulary import INDICATIONS

INDICATION_GROUP = {code: group for code, _en, _hant, _hans, _cancer, group in INDICATIONS}

# CPC/IPC prefixes → modality, most specific first (A61K47/68 ADCs and C07K2317/31 multispecific
# immunoglobulins before C07K16 antibodies).
MODALITY_BY_CLASS: list[tuple[str, str]] = [
    ("A61K47/68", "adc"),
    ("A61K35/17", "cell_therapy"),
    ("C12N5/0783", "cell_therapy"),
    ("A61K48", "gene_therapy"),
    ("C12N15/86", "gene_therapy"),
    ("C12N15/113", "rna"),
    ("A61K31/7105", "rna"),
    ("A61K31/713", "rna"),
    ("C07K2317/31", "bispecific"),
    ("A61K51", "radiopharmaceutical"),
    ("A61K39/395", "antibody"),
    ("C07K16", "antibody"),
    ("A61K39", "vaccine"),
    ("A61K36", "tcm_formula"),
    ("A61K31", "small_molecule"),
    ("C07D", "small_molecule"),
    ("C07C", "small_molecule"),
]

# A61P therapeutic classes → indication codes of the registry's vocabulary.
INDICATIONS_BY_CLASS: list[tuple[str, str]] = [
    ("A61P35/02", "lymphoma"),
    ("A61P35", "solid-tumours"),
    ("A61P11", "respiratory"),
    ("A61P9", "cardiovascular"),
    ("A61P7/02", "cardiovascular"),
    ("A61P3", "metabolic"),
    ("A61P5/50", "metabolic"),
    ("A61P37", "autoimmune"),
    ("A61P29", "autoimmune"),
    ("A61P19/02", "autoimmune"),
    ("A61P17/06", "autoimmune"),
    ("A61P31", "infectious"),
    ("A61P33", "infectious"),
    ("A61P25", "neurology"),
]


@dataclass(frozen=True)
class Attributes:
    jurisdiction: str = ""
    modality: str = ""
    indications: frozenset[str] = frozenset()
    phase: int | None = None
    territories: frozenset[str] = frozenset()
    deal_types: frozenset[str] = frozenset()
    derived: bool = False  # True when taken from the classification rather than from the owner

    def as_json(self) -> dict:
        return {
            "jurisdiction": self.jurisdiction,
            "modality": self.modality,
            "indications": sorted(self.indications),
            "phase": self.phase,
            "territories": sorted(self.territories),
            "deal_types": sorted(self.deal_types),
            "derived": self.derived,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Attributes":
        return cls(
            jurisdiction=data.get("jurisdiction", ""),
            modality=data.get("modality", ""),
            indications=frozenset(data.get("indications", ())),
            phase=data.get("phase"),
            territories=frozenset(data.get("territories", ())),
            deal_types=frozenset(data.get("deal_types", ())),
            derived=bool(data.get("derived", False)),
        )


def facets(attributes: Attributes) -> list[str]:
    """Attribute tokens the full-text indexes keep beside the words, for a filtered retrieval pass."""
    tokens = [f"m:{attributes.modality}"] if attributes.modality else []
    tokens += [f"i:{code}" for code in sorted(attributes.indications)]
    tokens += sorted({f"g:{INDICATION_GROUP[c]}" for c in attributes.indications if c in INDICATION_GROUP})
    tokens += [f"t:{t}" for t in sorted(attributes.territories | {attributes.jurisdiction}) if t]
    tokens += [f"d:{d}" for d in sorted(attributes.deal_types)]
    if attributes.phase is not None:
        tokens.append(f"p:{attributes.phase}")
    return tokens


def _normal(code: str) -> str:
    return code.replace(" ", "").upper()


def modality_from_classes(codes: list[str]) -> str:
    normal = [_normal(c) for c in codes]
    for prefix, modality in MODALITY_BY_CLASS:
        if any(code.startswith(prefix) for code in normal):
            return modality
    return ""


def indications_from_classes(codes: list[str]) -> frozenset[str]:
    found = set()
    for code in map(_normal, codes):
        for prefix, indication in INDICATIONS_BY_CLASS:
            # "A61P3" must not catch "A61P35": the main group ends at "/" or at the end of the code.
            if (
                code == prefix
                or code.startswith(prefix + "/")
                or (prefix.count("/") and code.startswith(prefix))
            ):
                found.add(indication)
                break
    return frozenset(found)


@dataclass(frozen=True)
class Filters:
    """What a need asks for. Empty fields ask for nothing; `strict` drops documents that miss a criterion."""

    modalities: frozenset[str] = frozenset()
    indications: frozenset[str] = frozenset()
    phases: frozenset[int] = frozenset()
    territories: frozenset[str] = frozenset()
    deal_types: frozenset[str] = frozenset()
    strict: bool = False

    def facets(self) -> list[str]:
        """Tokens of documents that fit at least one criterion in part (same indication group counts)."""
        tokens = [f"m:{m}" for m in sorted(self.modalities)]
        tokens += [f"i:{code}" for code in sorted(self.indications)]
        groups = {INDICATION_GROUP.get(code) for code in self.indications} - {None, "all_indications"}
        tokens += [f"g:{group}" for group in sorted(g for g in groups if g)]
        tokens += [f"t:{t}" for t in sorted(self.territories)]
        tokens += [f"d:{d}" for d in sorted(self.deal_types)]
        tokens += [f"p:{p}" for p in sorted(self.phases)]
        return tokens

    @property
    def empty(self) -> bool:
        return not (self.modalities or self.indications or self.phases or self.territories or self.deal_types)

    @classmethod
    def of(cls, data: "dict | Filters | None") -> "Filters":
        if isinstance(data, Filters):
            return data
        data = data or {}
        return cls(
            modalities=frozenset(data.get("modalities", ()) or ()),
            indications=frozenset(data.get("indications", ()) or ()),
            phases=frozenset(int(p) for p in data.get("phases", ()) or ()),
            territories=frozenset(t.upper() for t in data.get("territories", ()) or ()),
            deal_types=frozenset(data.get("deal_types", ()) or ()),
            strict=bool(data.get("strict", False)),
        )


@dataclass
class Fit:
    score: float
    parts: dict[str, float] = field(default_factory=dict)


def _indication_fit(wanted: frozenset[str], have: frozenset[str]) -> float:
    if wanted & have:
        return 1.0
    groups = {INDICATION_GROUP.get(code) for code in have} - {None, "all_indications"}
    if groups & {INDICATION_GROUP.get(code) for code in wanted}:
        return 0.5  # another cancer of the same group: a partial fit
    return 0.0


def _unknown_or(flag: bool, known: bool) -> float:
    return (1.0 if flag else 0.0) if known else 0.25


def structured_fit(attributes: Attributes, filters: Filters) -> Fit:
    """Mean fit over the criteria the need states; an unknown attribute counts a quarter, not zero."""
    parts: dict[str, float] = {}
    if filters.modalities:
        parts["modality"] = _unknown_or(attributes.modality in filters.modalities, bool(attributes.modality))
    if filters.indications:
        parts["indication"] = (
            _indication_fit(filters.indications, attributes.indications) if attributes.indications else 0.25
        )
    if filters.phases:
        parts["phase"] = _unknown_or(attributes.phase in filters.phases, attributes.phase is not None)
    if filters.territories:
        places = attributes.territories | {attributes.jurisdiction}
        parts["territory"] = 1.0 if places & filters.territories else (0.5 if "WO" in places else 0.0)
    if filters.deal_types and attributes.deal_types:
        parts["deal_type"] = 1.0 if attributes.deal_types & filters.deal_types else 0.0
    score = sum(parts.values()) / len(parts) if parts else 0.0
    return Fit(score, parts)
