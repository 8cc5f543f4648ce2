"""Demo listings, needs and a subscription, clearly labelled "(demo)"; called by the demo app (demo.base.load_demo).

Everything goes through the marketplace's services (screening included), as a member would do it.
"""

from django.db import transaction

from accounts.models import Organisation, User
from assets.models import Asset
from listings import alerts, needs, services
from listings.models import Listing, Need, Subscription

# seller slug, asset numbers (or titles for unnumbered know-how), publish?, fields
LISTINGS: list[tuple[str, list[str], bool, dict]] = [
    (
        "demo-shanghai-oncology",
        ["CN000000001A"],
        True,
        {
            "title": "HER2 ADC in phase 3 — exclusive licence for ASEAN and the Gulf (demo)",
            "summary": "Best-in-class claim for HER2-positive gastric cancer after two lines; CMC transferable. (Demo data)",
            "confidential_details": "Phase 3 interim: ORR 48% (demo). Data room index and CMC package on acceptance.",
            "deal_type": "exclusive_licence",
            "corridor": "mainland_to_overseas",
            "territories": ["ASEAN", "GCC"],
            "fields_of_use": ["human oncology"],
            "currency": "USD",
            "upfront_min": "5000000",
            "upfront_max": "15000000",
            "royalty_min": "8",
            "royalty_max": "12",
            "translations": [
                {
                    "language_code": "zh-hans",
                    "title": "三期HER2抗体偶联药物——东盟及海湾地区独占许可（示范）",
                    "summary": "针对二线治疗后HER2阳性胃癌的同类最佳主张；CMC可转移。（示范数据）",
                },
                {
                    "language_code": "zh-hant",
                    "title": "三期HER2抗體偶聯藥物——東盟及海灣地區獨佔許可（示範）",
                    "summary": "針對二線治療後HER2陽性胃癌的同類最佳主張；CMC可轉移。（示範數據）",
                },
            ],
        },
    ),
    (
        "demo-shanghai-oncology",
        ["CN000000002A"],
        True,
        {
            "title": "KRAS G12C inhibitor — co-development partner for Belt and Road markets (demo)",
            "summary": "Oral covalent KRAS G12C inhibitor in phase 2 for NSCLC and colorectal cancer. (Demo data)",
            "confidential_details": "Phase 2 dose-expansion design and cost sharing proposal (demo).",
            "deal_type": "co_development",
            "corridor": "mainland_to_overseas",
            "territories": ["BRI"],
            "currency": "USD",
        },
    ),
    (
        "demo-lingnan-tcm",
        ["CN000000003A"],
        True,
        {
            "title": "TCM formula for COPD — open licence on the mainland (demo)",
            "summary": "專利開放許可：黃芪、麥冬、五味子、川貝母組方，改善慢阻肺患者肺功能。(Demo data)",
            "confidential_details": "Manufacturing SOP for the granules (demo).",
            "deal_type": "open_licence",
            "corridor": "any",
            "territories": ["CN"],
            "currency": "CNY",
            "open_fee": "50000",
            "open_royalty_rate": "3",
            "open_payment_method": "fee_and_royalty",
            "open_terms": "Three-year term, renewable; annual sales report. (Demo)",
            "translations": [
                {
                    "language_code": "en",
                    "title": "TCM formula for COPD — open licence on the mainland (demo)",
                    "summary": "Open licence of a patented formula of astragalus, ophiopogon, schisandra and fritillaria "
                    "that improves lung function in COPD patients. (Demo data)",
                },
            ],
        },
    ),
    (
        "demo-harbour-university",
        ["HK00000004"],
        True,
        {
            "title": "PD-1 switch-receptor CAR-T for solid tumours — non-exclusive licences (demo)",
            "summary": "University platform patent; first-in-class claim; phase 1 in liver cancer. (Demo data)",
            "confidential_details": "Vector maps and phase 1 protocol synopsis (demo).",
            "deal_type": "non_exclusive_licence",
            "corridor": "any",
            "territories": [],
            "currency": "HKD",
            "upfront_min": "800000",
        },
    ),
    (
        "demo-state-pharma",
        ["CN000000006U"],
        False,
        {
            "title": "Safety device for pre-filled syringes — for sale, pledged (demo)",
            "summary": "Utility model pledged to Victoria Harbour Bank (demo); the pledgee's consent is needed first.",
            "deal_type": "assignment",
            "corridor": "any",
            "territories": ["CN"],
            "currency": "CNY",
            "upfront_min": "1200000",
        },
    ),
]

NEEDS: list[tuple[str, str, dict]] = [
    (
        "demo-gulf-pharma",
        "buyer@demo.ipharbour.example",
        {
            "title": "In-licensing respiratory therapies for the GCC (demo)",
            "text": "We seek inhaled or herbal therapies for COPD and asthma, phase 2 or later, to register in the GCC. (Demo)",
            "indications": ["respiratory"],
            "phase_min": 3,
            "territories": ["GCC"],
            "deal_types": ["exclusive_licence", "open_licence", "non_exclusive_licence"],
            "visibility": "sellers",
        },
    ),
    (
        "demo-investor",
        "investor@demo.ipharbour.example",
        {
            "title": "肺癌小分子药物投资机会（示范）",
            "text": "寻找处于二期临床的非小细胞肺癌小分子靶向药，可共同开发或作价入股。（示范）",
            "modalities": ["small_molecule"],
            "indications": ["nsclc"],
            "deal_types": ["co_development", "equity_contribution"],
            "budget_currency": "USD",
            "budget_max": "20000000",
            "visibility": "private",
        },
    ),
]


def _admin(organisation: Organisation) -> User | None:
    membership = organisation.memberships.filter(role="admin").select_related("user").first()
    return membership.user if membership else None


def _listing(slug: str, numbers: list[str], publish: bool, fields: dict, orgs: dict, operator: User) -> None:
    organisation = orgs[slug]
    if Listing.objects.filter(organisation=organisation, title=fields["title"]).exists():
        return
    seller = _admin(organisation) or operator  # the operator acts for demo organisations without people
    assets = list(Asset.objects.filter(owner=organisation, number__in=numbers))
    if not assets:
        return
    listing = services.create_listing(organisation=organisation, by=seller, assets=assets, **fields)
    Listing.objects.filter(pk=listing.pk).update(is_demo=True)
    if publish:
        services.submit_listing(listing=listing, by=seller)
        services.approve_listing(listing=listing, by=operator)


def _need(slug: str, email: str, fields: dict, orgs: dict) -> None:
    organisation = orgs[slug]
    if Need.objects.filter(organisation=organisation, title=fields["title"]).exists():
        return
    user = User.objects.filter(email=email).first()
    if user is None:
        return
    need = needs.create_need(organisation=organisation, by=user, **fields)
    Need.objects.filter(pk=need.pk).update(is_demo=True)
    alerts.subscribe(user=user, kind="need", need=need, frequency="daily")


@transaction.atomic
def load_demo_listings(orgs: dict[str, Organisation]) -> dict[str, int]:
    """Create the demo marketplace; running it again changes nothing."""
    operator = User.objects.filter(is_staff=True, memberships__organisation=orgs["demo-operator"]).first()
    if operator is None:
        return {"listings": 0, "needs": 0}
    for slug, numbers, publish, listing_fields in LISTINGS:
        _listing(slug, numbers, publish, listing_fields, orgs, operator)
    for slug, email, need_fields in NEEDS:
        _need(slug, email, need_fields, orgs)
    investor = User.objects.filter(email="investor@demo.ipharbour.example").first()
    if investor is not None and not Subscription.objects.filter(user=investor, kind="digest").exists():
        alerts.subscribe(user=investor, kind="digest", frequency="weekly", label="Weekly deal flow (demo)")
    return {
        "listings": Listing.objects.filter(is_demo=True).count(),
        "needs": Need.objects.filter(is_demo=True).count(),
    }
