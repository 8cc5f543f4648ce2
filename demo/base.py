"""The platform's own small demo set, clearly labelled: organisations of every type, people and assets, and
then every app's own demo records (`<app>/demo.py`), loaded in the order of the house.

Every name here is invented for the demo; real patents and trials enter through the importers. The demo
app sits at the top of the house: it imports the apps, and no app imports it.
"""

from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import Membership, Organisation, User
from assets.models import Asset, BiomedicalProfile, Encumbrance, Indication, LegalStatusEvent, TitleTransfer
from assets.services import ASSETS_WRITTEN, refresh_derived
from certification.demo import load_demo_certification
from core.events import record_event
from deals.demo import load_demo_deals
from disputes.demo import load_demo_disputes
from financing.demo import PEOPLE as FINANCING_PEOPLE
from financing.demo import load_demo_financing
from listings.demo import load_demo_listings
from valuation.demo import load_demo_valuation

DEMO_PASSWORD = "harbour-demo-2026"

# slug, name, Chinese name, type, jurisdiction, country, franchise areas
ORGANISATIONS = [
    ("demo-operator", "IP Harbour Exchange (demo)", "知識產權港交易所（示範）", "operator", "HK", "HK", ""),
    (
        "demo-shanghai-oncology",
        "Shanghai Oncology Biotech (demo)",
        "上海肿瘤生物科技（示范）",
        "company",
        "CN",
        "CN",
        "oncology, antibody-drug conjugates, lung cancer",
    ),
    (
        "demo-lingnan-tcm",
        "Lingnan TCM Pharma (demo)",
        "嶺南中藥製藥（示範）",
        "company",
        "CN",
        "CN",
        "Traditional Chinese Medicine, respiratory disease",
    ),
    (
        "demo-harbour-university",
        "Harbour University Technology Transfer (demo)",
        "港灣大學技術轉移處（示範）",
        "university",
        "HK",
        "HK",
        "oncology, gene therapy",
    ),
    (
        "demo-state-pharma",
        "Northern State Pharmaceutical Group (demo)",
        "北方国药集团（示范）",
        "state_owned",
        "CN",
        "CN",
        "small molecules, cardiovascular",
    ),
    (
        "demo-institute",
        "Pearl River Institute of Materia Medica (demo)",
        "珠江药物研究所（示范）",
        "research_institute",
        "CN",
        "CN",
        "natural products",
    ),
    (
        "demo-gulf-pharma",
        "Gulf Respiratory Pharma (demo)",
        "",
        "company",
        "XX",
        "AE",
        "respiratory disease, inhaled therapies",
    ),
    ("demo-bank", "Victoria Harbour Bank (demo)", "維港銀行（示範）", "bank", "HK", "HK", ""),
    ("demo-insurer", "Kowloon Mutual Insurance (demo)", "九龍互保（示範）", "insurer", "HK", "HK", ""),
    (
        "demo-guarantor",
        "Bay Area Credit Guarantee (demo)",
        "大灣區融資擔保（示範）",
        "guarantor",
        "CN",
        "CN",
        "",
    ),
    ("demo-valuer", "Harbour Valuation Advisory (demo)", "港灣評估顧問（示範）", "valuer", "HK", "HK", ""),
    (
        "demo-law-firm",
        "Central & Partners IP Law (demo)",
        "中環知識產權律師行（示範）",
        "law_firm",
        "HK",
        "HK",
        "",
    ),
    (
        "demo-certifier",
        "Hong Kong Chamber of Innovation (demo)",
        "香港創新商會（示範）",
        "certifier",
        "HK",
        "HK",
        "",
    ),
    (
        "demo-arbitration",
        "Harbour IP Arbitration Centre (demo)",
        "港灣知識產權仲裁中心（示範）",
        "dispute_institution",
        "HK",
        "HK",
        "",
    ),
    (
        "demo-investor",
        "Lantau Family Office (demo)",
        "大嶼家族辦公室（示範）",
        "investor",
        "HK",
        "HK",
        "oncology, platform technologies",
    ),
    (
        "demo-government",
        "Innovation Programme Office (demo)",
        "創新計劃辦公室（示範）",
        "government",
        "HK",
        "HK",
        "",
    ),
    (
        "demo-macao-lab",
        "Macao Herbal Research Lab (demo)",
        "澳門草藥研究室（示範）",
        "research_institute",
        "MO",
        "MO",
        "TCM formulas",
    ),
]

# Every demo person's e-mail address is in this domain; each one logs in with DEMO_PASSWORD.
DEMO_DOMAIN = "@demo.ipharbour.example"

# email, display name, organisation slug, role, staff
PEOPLE = [
    ("operator@demo.ipharbour.example", "Olivia Operator", "demo-operator", "admin", True),
    ("bd@demo.ipharbour.example", "Bao Dan (BD lead)", "demo-shanghai-oncology", "admin", False),
    ("scientist@demo.ipharbour.example", "Shen Ke (scientist)", "demo-shanghai-oncology", "member", False),
    ("tto@demo.ipharbour.example", "Tina Tsang (TTO)", "demo-harbour-university", "admin", False),
    ("buyer@demo.ipharbour.example", "Omar Buyer (overseas BD)", "demo-gulf-pharma", "admin", False),
    ("lender@demo.ipharbour.example", "Lena Lender (IP lending desk)", "demo-bank", "admin", False),
    ("certifier@demo.ipharbour.example", "Chan Cert (certifier)", "demo-certifier", "admin", False),
    ("valuer@demo.ipharbour.example", "Victor Valuer", "demo-valuer", "admin", False),
    ("investor@demo.ipharbour.example", "Iris Investor", "demo-investor", "admin", False),
    ("tcm@demo.ipharbour.example", "Li Hua (TCM BD)", "demo-lingnan-tcm", "admin", False),
]

ASSETS: list[dict[str, Any]] = [
    {
        "org": "demo-shanghai-oncology",
        "number": "CN000000001A",
        "kind": "invention",
        "jurisdiction": "CN",
        "title": "抗HER2抗体药物偶联物及其在治疗胃癌中的用途（示范）",
        "original_language": "zh-hans",
        "abstract": "本发明提供一种靶向HER2的抗体药物偶联物，连接子可裂解，载荷为拓扑异构酶I抑制剂，用于治疗HER2阳性胃癌和乳腺癌。（示范数据）",
        "application_date": date(2019, 3, 12),
        "publication_date": date(2020, 9, 18),
        "grant_date": date(2022, 6, 7),
        "legal_status": "granted",
        "cpc_codes": ["A61K47/68", "A61P35/00", "C07K16/32"],
        "profile": {
            "drug_name": "SHO-ADC-101 (demo)",
            "modality": "adc",
            "targets": ["HER2"],
            "phase": BiomedicalProfile.Phase.PHASE_3,
            "indications": ["gastric", "breast"],
            "first_in_class_claim": False,
            "best_in_class_claim": True,
            "indications_text": "HER2-positive gastric cancer after two lines of therapy",
        },
        "translations": {
            "en": (
                "Anti-HER2 antibody-drug conjugate and its use in treating gastric cancer (demo)",
                "An antibody-drug conjugate targeting HER2 with a cleavable linker and a topoisomerase I inhibitor payload, for HER2-positive gastric and breast cancer. (Demo data)",
            )
        },
    },
    {
        "org": "demo-shanghai-oncology",
        "number": "CN000000002A",
        "kind": "invention",
        "jurisdiction": "CN",
        "title": "KRAS G12C抑制剂化合物及其制备方法（示范）",
        "original_language": "zh-hans",
        "abstract": "一类共价KRAS G12C小分子抑制剂，对非小细胞肺癌模型显示抗肿瘤活性。（示范数据）",
        "application_date": date(2021, 1, 20),
        "publication_date": date(2022, 7, 22),
        "legal_status": "pending",
        "cpc_codes": ["C07D471/04", "A61P35/00"],
        "profile": {
            "drug_name": "SHO-K12 (demo)",
            "modality": "small_molecule",
            "targets": ["KRAS G12C"],
            "phase": BiomedicalProfile.Phase.PHASE_2,
            "indications": ["nsclc", "colorectal"],
            "first_in_class_claim": False,
        },
    },
    {
        "org": "demo-lingnan-tcm",
        "number": "CN000000003A",
        "kind": "invention",
        "jurisdiction": "CN",
        "title": "一種治療慢性阻塞性肺病的中藥組合物（示範）",
        "original_language": "zh-hant",
        "abstract": "由黃芪、麥冬、五味子、川貝母組成的中藥組合物，用於改善慢性阻塞性肺病患者的肺功能。（示範數據）",
        "application_date": date(2018, 5, 2),
        "grant_date": date(2021, 2, 9),
        "legal_status": "granted",
        "cpc_codes": ["A61K36/481", "A61P11/00"],
        "profile": {
            "drug_name": "Lingnan Lung Formula (demo)",
            "modality": "tcm_formula",
            "phase": BiomedicalProfile.Phase.PHASE_2,
            "indications": ["respiratory"],
            "tcm_formula": [
                {"herb": "黃芪 Astragalus", "dose": "30 g"},
                {"herb": "麥冬 Ophiopogon", "dose": "15 g"},
                {"herb": "五味子 Schisandra", "dose": "9 g"},
                {"herb": "川貝母 Fritillaria", "dose": "6 g"},
            ],
        },
    },
    {
        "org": "demo-harbour-university",
        "number": "HK00000004",
        "kind": "hk_short_term",
        "jurisdiction": "HK",
        "title": "CAR-T cell with a PD-1 switch receptor for solid tumours (demo)",
        "original_language": "en",
        "abstract": "A chimeric antigen receptor T cell expressing a PD-1/CD28 switch receptor that converts an inhibitory signal into co-stimulation in solid tumours. (Demo data)",
        "application_date": date(2022, 4, 1),
        "grant_date": date(2022, 11, 15),
        "legal_status": "granted",
        "cpc_codes": ["C12N5/0783", "A61P35/00"],
        "profile": {
            "modality": "cell_therapy",
            "targets": ["PD-1", "mesothelin"],
            "phase": BiomedicalProfile.Phase.PHASE_1,
            "indications": ["solid-tumours", "hcc"],
            "first_in_class_claim": True,
        },
    },
    {
        "org": "demo-harbour-university",
        "number": "HK00000005",
        "kind": "hk_standard_r",
        "jurisdiction": "HK",
        "title": "AAV vector for liver-directed gene therapy of haemophilia B (demo)",
        "original_language": "en",
        "abstract": "An adeno-associated viral vector with a liver-specific promoter expressing a hyperactive factor IX variant. (Demo data)",
        "application_date": date(2017, 8, 30),
        "grant_date": date(2020, 3, 3),
        "legal_status": "granted",
        "cpc_codes": ["C12N15/864", "A61K48/00"],
        "profile": {"modality": "gene_therapy", "phase": BiomedicalProfile.Phase.PHASE_1, "targets": ["F9"]},
    },
    {
        "org": "demo-state-pharma",
        "number": "CN000000006U",
        "kind": "utility_model",
        "jurisdiction": "CN",
        "title": "一种预灌封注射器的安全装置（示范）",
        "original_language": "zh-hans",
        "abstract": "一种用于预灌封注射器的防针刺安全装置。（示范数据）",
        "application_date": date(2020, 10, 10),
        "grant_date": date(2021, 5, 5),
        "legal_status": "granted",
        "cpc_codes": ["A61M5/32"],
        "pledge": ("Victoria Harbour Bank (demo)", "demo-bank"),
    },
    {
        "org": "demo-state-pharma",
        "number": "",
        "kind": "trade_secret",
        "jurisdiction": "CN",
        "title": "Continuous-flow manufacturing process for a statin API (demo)",
        "original_language": "en",
        "abstract": "Know-how package: process parameters, impurity control strategy and batch records. (Demo data)",
        "visibility": "confidential",
        "legal_status": "granted",
        "know_how_description": "Residence time, catalyst loading and crystallisation curve; 40 validated batches.",
    },
    {
        "org": "demo-lingnan-tcm",
        "number": "HKTM000000008",
        "kind": "trademark",
        "jurisdiction": "HK",
        "title": "嶺南肺寶 LINGNAN LUNGBAO (demo mark)",
        "original_language": "zh-hant",
        "abstract": "Word mark for Chinese medicines in class 5. (Demo data)",
        "application_date": date(2016, 1, 5),
        "grant_date": date(2016, 9, 1),
        "legal_status": "granted",
    },
]


def _organisations() -> dict[str, Organisation]:
    result = {}
    for slug, name, name_local, kind, jurisdiction, country, franchise in ORGANISATIONS:
        org, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults=dict(  # noqa: C408
                name=name,
                name_local=name_local,
                kind=kind,
                jurisdiction=jurisdiction,
                country=country,
                registration_number=f"DEMO-{slug.upper()[5:15]}",
                status=Organisation.Status.APPROVED,
                verified=True,
                franchise_areas=franchise,
                is_demo=True,
                description="Demo organisation for exploring IP Harbour. 示範機構。示范机构。",
            ),
        )
        if created:
            org.registration_document.save(
                f"{slug}.txt", ContentFile(b"Demo registration document"), save=True
            )
        result[slug] = org
    return result


def _people(orgs: dict[str, Organisation]) -> None:
    from allauth.account.models import EmailAddress

    for email, display, slug, role, staff in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, display_name=display, is_staff=staff, is_superuser=staff
            )
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(user=user, organisation=orgs[slug], defaults={"role": role})


def _passwords() -> None:
    """Let every demo person log in with the demo password: the apps' own demo data create their people (the
    financing demo's insurer, the disputes demo's case officer and arbitrators …) without a password or a
    verified e-mail address, so that no app needs to know either."""
    from allauth.account.models import EmailAddress

    for user in User.objects.filter(email__endswith=DEMO_DOMAIN):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


def logins() -> list[tuple[str, str, bool]]:
    """(email, display name, staff) of the people `ipharbour demo --logins` lists: the main demo people in
    their order, then everyone else the apps' demo data made (case officer, arbitrators …)."""
    listed = [(email, display, staff) for email, display, _slug, _role, staff in PEOPLE]
    listed += [(email, display, False) for email, display, _slug in FINANCING_PEOPLE]
    known = {email for email, _display, _staff in listed}
    others = User.objects.filter(email__endswith=DEMO_DOMAIN).exclude(email__in=known).order_by("email")
    return listed + [(user.email, user.display_name, user.is_staff) for user in others]


def _asset(spec: dict, orgs: dict[str, Organisation]) -> None:
    spec = dict(spec)
    org = orgs[spec.pop("org")]
    profile = spec.pop("profile", None)
    translations = spec.pop("translations", {})
    pledge = spec.pop("pledge", None)
    if spec["number"] and Asset.objects.filter(number=spec["number"]).exists():
        return
    if not spec["number"] and Asset.objects.filter(title=spec["title"], owner=org).exists():
        return
    asset = Asset(
        owner=org, holder_name=org.name, holder_country=org.country, source="demo", is_demo=True, **spec
    )
    refresh_derived(asset)
    asset.save()
    for language, (title, abstract) in translations.items():
        asset.translations.create(language_code=language, title=title, abstract=abstract)
    if translations:
        refresh_derived(asset)
        asset.save()
    if asset.application_date:
        LegalStatusEvent.objects.create(asset=asset, date=asset.application_date, effect="filed")
    if asset.grant_date:
        LegalStatusEvent.objects.create(asset=asset, date=asset.grant_date, effect="granted")
    if profile:
        codes = profile.pop("indications", [])
        record = BiomedicalProfile.objects.create(asset=asset, **profile)
        record.indications.set(Indication.objects.filter(code__in=codes))
    if pledge:
        Encumbrance.objects.create(
            asset=asset,
            kind=Encumbrance.Kind.PLEDGE,
            holder_name=pledge[0],
            holder_organisation=orgs[pledge[1]],
            start_date=date(2025, 3, 1),
            end_date=date(2026, 2, 28),
            reference="DEMO-PLEDGE-1",
        )
    if asset.number == "HK00000005":
        TitleTransfer.objects.create(
            asset=asset,
            date=date(2021, 1, 10),
            from_name="Harbour University Research Fund (demo)",
            to_name=org.name,
            to_organisation=org,
            reference="DEMO-ASSIGN-1",
        )
    record_event(asset, "asset.registered", number=asset.number, demo=True)


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo set; running it again changes nothing."""
    orgs = _organisations()
    _people(orgs)
    for spec in ASSETS:
        _asset(spec, orgs)
    load_demo_listings(orgs)
    load_demo_certification(orgs)
    load_demo_deals(orgs)
    load_demo_disputes(orgs)
    load_demo_financing(orgs)
    load_demo_valuation(orgs)
    _passwords()
    # The background worker puts the demo assets into the matching indexes once this commits.
    ASSETS_WRITTEN.announce(list(Asset.objects.filter(is_demo=True).values_list("pk", flat=True)))
    return {"organisations": len(orgs), "people": len(PEOPLE), "assets": len(ASSETS)}
