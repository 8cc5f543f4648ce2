"""Third-level indicators drawn from the registry, each scored 0–100 with a one-line explanation.

The scales are the platform's defaults, stated here so that a report can show them: they turn a count or a
term into a score and are not published figures. A measure returns None when the registry lacks the data;
an expert then scores the indicator.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.utils.translation import gettext as _

from assets.models import Asset, BiomedicalProfile, Encumbrance, LegalStatusEvent
from assets.terms import compute_expiry

Measure = tuple[Decimal, str]
FULL_TERM_YEARS = Decimal(20)  # a remaining term of 20 years or more scores 100
POINTS_PER_CLAIM = 5  # 20 claims or more score 100
POINTS_PER_FAMILY_MEMBER = 10
POINTS_PER_JURISDICTION = 20
POINTS_PER_LICENCE = 35
POINTS_PER_INDICATION = 25
PHASE_SCORES = {0: 10, 1: 25, 2: 40, 3: 55, 4: 75, 5: 90, 6: 100}


def _capped(points: int | Decimal) -> Decimal:
    return min(Decimal(100), Decimal(points))


def remaining_term(asset: Asset, today: datetime.date) -> Measure | None:
    expiry = asset.expiry_date or compute_expiry(asset)[0]
    if expiry is None:
        return None
    years = max(Decimal(0), Decimal((expiry - today).days) / Decimal("365.25"))
    score = _capped(years / FULL_TERM_YEARS * 100).quantize(Decimal("0.01"))
    return score, _("%(years)s years to expiry on %(date)s") % {"years": round(years, 1), "date": expiry}


def claim_count(asset: Asset, today: datetime.date) -> Measure | None:
    if not asset.claims:
        return None
    count = len(asset.claims)
    return _capped(count * POINTS_PER_CLAIM), _("%(count)s claims") % {"count": count}


def _family(asset: Asset) -> list[Asset]:
    if asset.family is None:
        return [asset]
    return list(Asset.objects.filter(family=asset.family))


def family_size(asset: Asset, today: datetime.date) -> Measure | None:
    size = len(_family(asset))
    return _capped(size * POINTS_PER_FAMILY_MEMBER), _("%(count)s publications in the family") % {
        "count": size
    }


def jurisdictions(asset: Asset, today: datetime.date) -> Measure | None:
    offices = sorted({member.jurisdiction for member in _family(asset)})
    return _capped(len(offices) * POINTS_PER_JURISDICTION), _("jurisdictions: %(list)s") % {
        "list": ", ".join(offices)
    }


def legal_events(asset: Asset, today: datetime.date) -> Measure | None:
    if asset.legal_status in {Asset.Status.REVOKED, Asset.Status.EXPIRED, Asset.Status.WITHDRAWN}:
        return Decimal(0), _("the right is no longer in force")
    effects = set(asset.legal_events.values_list("effect", flat=True))
    score = Decimal(100) if asset.legal_status == Asset.Status.GRANTED else Decimal(60)
    if LegalStatusEvent.Effect.LAPSED in effects:
        score -= 20  # a lapse, even if later restored, shows a gap in maintenance
    if asset.legal_status == Asset.Status.LAPSED:
        score = Decimal(10)
    return score, _("status %(status)s; events: %(events)s") % {
        "status": asset.get_legal_status_display(),
        "events": ", ".join(sorted(effects)) or "—",
    }


def encumbrances(asset: Asset, today: datetime.date) -> Measure | None:
    active = [e for e in asset.encumbrances.all() if e.state_on(today) == Encumbrance.State.ACTIVE]
    kinds = {e.kind for e in active}
    score = Decimal(100)
    if Encumbrance.Kind.PLEDGE in kinds:
        score = Decimal(50)
    elif kinds & {Encumbrance.Kind.EXCLUSIVE_LICENCE, Encumbrance.Kind.SOLE_LICENCE}:
        score = Decimal(60)
    return score, _("%(count)s active encumbrances") % {"count": len(active)}


def licences(asset: Asset, today: datetime.date) -> Measure | None:
    granted = asset.encumbrances.exclude(kind=Encumbrance.Kind.PLEDGE).count()
    return _capped(granted * POINTS_PER_LICENCE), _("%(count)s licences recorded") % {"count": granted}


def _profile(asset: Asset) -> BiomedicalProfile | None:
    try:
        return asset.biomedical
    except BiomedicalProfile.DoesNotExist:
        return None


def phase(asset: Asset, today: datetime.date) -> Measure | None:
    profile = _profile(asset)
    if profile is None or profile.phase is None:
        return None
    return Decimal(PHASE_SCORES[profile.phase]), str(profile.get_phase_display())


def class_claim(asset: Asset, today: datetime.date) -> Measure | None:
    profile = _profile(asset)
    if profile is None:
        return None
    if profile.first_in_class_claim:
        return Decimal(100), _("claims first-in-class (not yet certified)")
    if profile.best_in_class_claim:
        return Decimal(80), _("claims best-in-class (not yet certified)")
    return Decimal(50), _("no class claim")


def indication_count(asset: Asset, today: datetime.date) -> Measure | None:
    profile = _profile(asset)
    if profile is None:
        return None
    count = profile.indications.count()
    return (
        (_capped(count * POINTS_PER_INDICATION), _("%(count)s indications") % {"count": count})
        if count
        else None
    )


def title(asset: Asset, today: datetime.date) -> Measure | None:
    # Chain-of-title certification comes with the certification app; until then an expert scores it.
    return None


MEASURES: dict[str, Callable[[Asset, datetime.date], Measure | None]] = {
    "remaining_term": remaining_term,
    "claim_count": claim_count,
    "family_size": family_size,
    "jurisdictions": jurisdictions,
    "legal_events": legal_events,
    "encumbrances": encumbrances,
    "licences": licences,
    "phase": phase,
    "class_claim": class_claim,
    "indication_count": indication_count,
    "title": title,
}


def measure(key: str, asset: Asset, today: datetime.date | None = None) -> Measure | None:
    function = MEASURES.get(key)
    return None if function is None else function(asset, today or datetime.date.today())
