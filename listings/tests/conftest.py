"""Marketplace fixtures: Alice Bio sells, Charlie Pharma buys, Olivia (staff) screens."""

from datetime import date

import pytest

from assets.models import BiomedicalProfile, Indication
from listings import services
from tests.factories import make_asset


@pytest.fixture(autouse=True)
def _private_data_dir(settings, tmp_path):
    # The matching engine keeps its indexes under DATA_DIR; each test gets its own.
    settings.DATA_DIR = tmp_path


@pytest.fixture
def indications(db):
    rows = [
        ("nsclc", "Non-small-cell lung cancer", "非小細胞肺癌", "非小细胞肺癌"),
        ("gastric", "Gastric cancer", "胃癌", "胃癌"),
    ]
    return {
        code: Indication.objects.get_or_create(
            code=code,
            defaults={"name_en": en, "name_zh_hant": hant, "name_zh_hans": hans, "group": "oncology_solid"},
        )[0]
        for code, en, hant, hans in rows
    }


@pytest.fixture
def asset(alice_org, indications):
    item = make_asset(
        alice_org,
        number="CN100001A",
        title="KRAS G12C inhibitor for non-small-cell lung cancer",
        abstract="Covalent small-molecule inhibitors of KRAS G12C.",
        cpc_codes=["A61K31/519", "A61P35/00"],
    )
    profile = BiomedicalProfile.objects.create(
        asset=item, modality="small_molecule", phase=3, drug_name="AB-101"
    )
    profile.indications.set([indications["nsclc"]])
    return item


@pytest.fixture
def make_listing(alice):
    def build(assets, *, publish=False, by=None, staff=None, **fields):
        fields.setdefault("title", "KRAS G12C inhibitor, exclusive licence for ASEAN")
        fields.setdefault("summary", "Phase 2 oral KRAS G12C inhibitor; strong response in lung cancer.")
        fields.setdefault("confidential_details", "CONFIDENTIAL-DOSSIER-77")
        fields.setdefault("deal_type", "exclusive_licence")
        fields.setdefault("territories", ["ASEAN"])
        listing = services.create_listing(
            organisation=assets[0].owner, by=by or alice, assets=assets, **fields
        )
        if publish:
            services.submit_listing(listing=listing, by=by or alice)
            listing = services.approve_listing(listing=listing, by=staff)
        listing.refresh_from_db()
        return listing

    return build


@pytest.fixture
def published(make_listing, asset, staff):
    return make_listing([asset], publish=True, staff=staff)


def pledge(asset, holder, **fields):
    return asset.encumbrances.create(
        kind="pledge",
        holder_name=holder.name,
        holder_organisation=holder,
        start_date=date(2025, 1, 1),
        **fields,
    )
