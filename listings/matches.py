"""Needs ↔ listings ↔ organisations, through the matching engine.

The engine ranks assets (matching.services.match_text over "assets", cross-lingual, buyer-specific, every
score explained); a listing takes the best score of the assets it offers, plus the fit of its own terms
(deal type, territory, budget) to the need, weighted like the engine's structured signal. Without the
engine (a minimal install), a lexical and structured fallback keeps the page working, and says so.
"""

import logging
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import AnyUser
from core.formatting import format_money
from core.languages import in_turns
from listings import territories
from listings.indexing import words
from listings.models import Listing, ListingKey, Need

log = logging.getLogger(__name__)
ENGINE_DEPTH = 200  # assets asked of the engine; only some of them are on the market
FALLBACK_WEIGHT = 0.5


@dataclass
class ListingMatch:
    listing: Listing
    score: float
    why: list[dict[str, Any]] = field(default_factory=list)
    asset_number: str = ""
    failed: list[str] = field(default_factory=list)  # the buyer's stated criteria it does not meet


def _engine():
    try:
        from matching import services
    except ImportError:  # the matching engine is optional in a minimal install
        return None
    return services


def listing_weight() -> float:
    try:
        from matching.scoring import current_weights
    except ImportError:
        return FALLBACK_WEIGHT
    return current_weights().structured


def engine_filters(need: Need) -> dict:
    return {"modalities": need.modalities, "indications": need.indications, "phases": need.phases}


# The buyer's stated criteria, by the name the engine and listing_checks give them, as a buyer reads them.
CRITERIA = {
    "modality": gettext_lazy("modality"),
    "indication": gettext_lazy("indication"),
    "phase": gettext_lazy("phase"),
    "territory": gettext_lazy("territory"),
    "deal_type": gettext_lazy("deal type"),
    "budget": gettext_lazy("budget"),
}


def listing_checks(need: Need, listing: Listing) -> list[tuple[str, bool, str]]:
    """Each criterion of the need the listing's own terms answer: (criterion, met, the words shown)."""
    checks: list[tuple[str, bool, str]] = []
    if need.deal_types:
        ok = listing.deal_type in need.deal_types
        text = _("deal type %(mark)s %(value)s") % {
            "mark": "✓" if ok else "✗",
            "value": listing.get_deal_type_display(),
        }
        checks.append(("deal_type", ok, text))
    if need.territories:
        ok = territories.overlap(need.territories, listing.territories)
        text = _("territory %(mark)s %(value)s") % {
            "mark": "✓" if ok else "✗",
            "value": territories.describe(listing.territories),
        }
        checks.append(("territory", ok, text))
    if (
        need.budget_max is not None
        and listing.upfront_min is not None
        and need.budget_currency == listing.currency
    ):
        ok = listing.upfront_min <= need.budget_max
        text = _("upfront %(mark)s from %(amount)s") % {
            "mark": "✓" if ok else "✗",
            "amount": format_money(listing.upfront_min, listing.currency, places=0),
        }
        checks.append(("budget", ok, text))
    return checks


def listing_fit(need: Need, listing: Listing) -> tuple[float, list[str]]:
    """How well the listing's own terms meet the need: deal type, territory, budget (stated criteria only)."""
    checks = listing_checks(need, listing)
    if not checks:
        return 0.0, []
    return sum(float(ok) for _c, ok, _t in checks) / len(checks), [text for _c, _ok, text in checks]


def failed_criteria(need: Need, listing: Listing, why: list[dict[str, Any]]) -> list[str]:
    """The stated criteria the match does not meet: from the asset's recorded facts (the engine's
    structured signal; an unknown fact is not a failure) and from the listing's own terms."""
    failed: list[str] = []
    for reason in why:
        if reason.get("signal") == "structured":
            parts = (reason.get("facts") or {}).get("parts", {})
            failed += [name for name, fit in parts.items() if fit == 0.0 and name != "territory"]
    failed += [name for name, ok, _t in listing_checks(need, listing) if not ok]
    return [str(CRITERIA.get(name, name)) for name in dict.fromkeys(failed)]


def _listing_why(need: Need, listing: Listing, weight: float) -> tuple[float, dict | None]:
    fit, details = listing_fit(need, listing)
    if not details:
        return 0.0, None
    contribution = round(weight * fit, 6)
    return contribution, {
        "signal": "listing",
        "contribution": contribution,
        "detail": "; ".join(details),
        "value": round(fit, 4),
        "weight": weight,
    }


def _by_asset(asset_ids: list[int], exclude_org: int) -> dict[int, list[Listing]]:
    found: dict[int, list[Listing]] = {}
    listings = (
        Listing.objects.public().exclude(organisation_id=exclude_org).filter(items__asset_id__in=asset_ids)
    )
    for listing in listings.select_related("organisation").prefetch_related("items"):
        for item in listing.items.all():
            found.setdefault(item.asset_id, []).append(listing)
    return found


def need_texts(need: Need) -> list[str]:
    """What a need is matched by: its title and text, then the organisation's translations of them (so a
    need written in Chinese with an English translation meets English patents word for word too)."""
    versions = [f"{need.title}\n{need.text}", *(f"{t.title}\n{t.text}" for t in need.translations.all())]
    return [version for version in versions if version.strip()]


def _from_engine(engine, need: Need, user: AnyUser) -> list[ListingMatch]:
    original, *translations = need_texts(need)
    hits = engine.match_text(
        original,
        translations=translations,
        user=user,
        filters=engine_filters(need),
        buyer_organisation=need.organisation,
        top=ENGINE_DEPTH,
    )
    by_asset = _by_asset([hit.id for hit in hits], need.organisation_id)
    weight, best = listing_weight(), {}
    for hit in hits:  # best first: a listing keeps the score of its best asset
        for listing in by_asset.get(hit.id, []):
            if listing.pk in best:
                continue
            extra, why = _listing_why(need, listing, weight)
            reasons = [w.as_dict() for w in hit.why] + ([why] if why else [])
            best[listing.pk] = ListingMatch(listing, round(hit.score + extra, 6), reasons, hit.number)
    return list(best.values())


def _fallback(need: Need) -> list[ListingMatch]:
    """Shared words and indications, when the engine is not installed."""
    terms = [f"t:{w}" for w in in_turns([words(version) for version in need_texts(need)], 40)]
    terms += [f"i:{code}" for code in need.indications]
    if not terms:
        return []
    counts: dict[int, int] = {}
    for listing_id in ListingKey.objects.filter(key__in=terms).values_list("listing_id", flat=True)[:20000]:
        counts[listing_id] = counts.get(listing_id, 0) + 1
    listings = Listing.objects.public().exclude(organisation=need.organisation).filter(pk__in=list(counts))
    weight, matches = FALLBACK_WEIGHT, []
    for listing in listings.select_related("organisation"):
        share = counts[listing.pk] / len(terms)
        why = [
            {
                "signal": "lexical",
                "contribution": round(share, 6),
                "detail": _("%(n)d of %(total)d terms shared (engine not installed)")
                % {"n": counts[listing.pk], "total": len(terms)},
                "value": share,
                "weight": 1.0,
            }
        ]
        extra, listing_why = _listing_why(need, listing, weight)
        matches.append(
            ListingMatch(listing, round(share + extra, 6), why + ([listing_why] if listing_why else []))
        )
    return matches


def matches_for_need(need: Need, *, user: AnyUser, top: int = 20) -> list[ListingMatch]:
    """Listings on the market for a need, best first, each with what every signal contributed; those that
    fail a stated criterion come after those that meet them all (below the line), with what they fail."""
    engine = _engine()
    matches = _from_engine(engine, need, user) if engine is not None else _fallback(need)
    for match in matches:
        match.failed = failed_criteria(need, match.listing, match.why)
    matches.sort(key=lambda m: (bool(m.failed), -m.score, m.listing.pk))
    return matches[:top]


def listing_matches_need(need: Need, listing: Listing, *, user: AnyUser, top: int = 20) -> bool:
    """Whether the listing is among the need's best matches (what its subscribers are told about)."""
    return any(m.listing.pk == listing.pk for m in matches_for_need(need, user=user, top=top))


def _needs_for(listing: Listing, user: AnyUser) -> dict[int, list[Need]]:
    needs = Need.objects.visible_to(user).filter(visibility=Need.Visibility.SELLERS, status=Need.Status.OPEN)
    found: dict[int, list[Need]] = {}
    for need in needs.exclude(organisation=listing.organisation).select_related("organisation")[:500]:
        fit, details = listing_fit(need, listing)
        shared = set(need.indications) & set(listing.indications)
        modality = listing.modality in need.modalities if need.modalities else False
        if (details and fit == 1.0) or shared or modality:
            found.setdefault(need.organisation_id, []).append(need)
    return found


def organisations_for_listing(listing: Listing, *, user: AnyUser, top: int = 10) -> list[dict[str, Any]]:
    """Organisations likely to want the listing: by the fit of their portfolio and franchise (the engine)
    and by their open needs shown to sellers, each with the reasons."""
    text = f"{listing.title}. {listing.summary}"
    rows: dict[int, dict[str, Any]] = {}
    engine = _engine()
    if engine is not None:
        for organisation, score, detail in engine.organisations_for_text(text, user=user, top=top):
            if organisation.pk != listing.organisation_id:
                rows[organisation.pk] = {
                    "organisation": organisation,
                    "score": score,
                    "reasons": [detail],
                    "needs": [],
                }
    for org_id, needs in _needs_for(listing, user).items():
        row = rows.setdefault(
            org_id, {"organisation": needs[0].organisation, "score": 0.0, "reasons": [], "needs": []}
        )
        row["needs"] = needs
        row["score"] = round(row["score"] + 1.0, 6)  # an open need that fits counts as a full match
        row["reasons"].append(_("open need: %(titles)s") % {"titles": "; ".join(n.title for n in needs[:3])})
    ranked = sorted(rows.values(), key=lambda r: (-r["score"], r["organisation"].pk))
    return ranked[:top]
