from datetime import date

import pytest

from assets import services
from assets.models import Asset, Encumbrance
from assets.terms import compute_expiry
from core.errors import Conflict, Forbidden, InvalidInput
from core.models import Event
from tests.factories import make_asset

pytestmark = pytest.mark.django_db


def test_member_registers_an_asset_and_an_event_is_written(alice, alice_org):
    asset = services.create_asset(
        organisation=alice_org,
        by=alice,
        kind="invention",
        jurisdiction="CN",
        number="cn 111 222 a",
        title="Bispecific antibody",
        application_date=date(2021, 3, 1),
    )
    assert asset.number == "CN111222A"
    assert asset.owner == alice_org
    assert asset.expiry_date == date(2041, 3, 1)
    assert Event.objects.filter(subject_id=str(asset.pk), kind="asset.registered").exists()


def test_outsider_cannot_register_for_another_organisation(charlie, alice_org):
    with pytest.raises(Forbidden):
        services.create_asset(organisation=alice_org, by=charlie, jurisdiction="CN", title="x")
    assert not Asset.objects.exists()


def test_viewer_role_cannot_register(make_user, alice_org):
    viewer = make_user("viewer@example.com", alice_org, "viewer")
    with pytest.raises(Forbidden):
        services.create_asset(organisation=alice_org, by=viewer, jurisdiction="CN", title="x")


def test_unapproved_organisation_cannot_register_assets_public_or_confidential(make_organisation, make_user):
    pending = make_organisation("Pending Co", approved=False)
    founder = make_user("p@example.com", pending, "admin")
    for visibility in ("public", "confidential"):
        with pytest.raises(Forbidden, match="approval"):
            services.create_asset(
                organisation=pending, by=founder, jurisdiction="CN", title="x", visibility=visibility
            )
    assert not pending.assets.exists()


def test_duplicate_number_is_a_conflict(alice, alice_org):
    make_asset(alice_org, number="CN1A")
    with pytest.raises(Conflict):
        services.create_asset(organisation=alice_org, by=alice, jurisdiction="CN", number="CN1A", title="x")


def test_grant_before_application_is_refused(alice, alice_org):
    with pytest.raises(InvalidInput, match="grant date"):
        services.create_asset(
            organisation=alice_org,
            by=alice,
            jurisdiction="CN",
            title="x",
            application_date=date(2022, 1, 1),
            grant_date=date(2021, 1, 1),
        )
    assert not Asset.objects.exists()


def test_unknown_field_is_refused(alice, alice_org):
    with pytest.raises(InvalidInput, match="Unknown fields"):
        services.create_asset(organisation=alice_org, by=alice, jurisdiction="CN", title="x", owner_id=3)


@pytest.mark.parametrize(
    ("jurisdiction", "kind", "filed", "granted", "expected"),
    [
        ("CN", "invention", date(2010, 5, 1), None, date(2030, 5, 1)),
        ("CN", "utility_model", date(2010, 5, 1), None, date(2020, 5, 1)),
        ("CN", "design", date(2021, 6, 1), None, date(2036, 6, 1)),
        ("CN", "design", date(2021, 5, 31), None, date(2031, 5, 31)),
        ("US", "design", date(2016, 1, 1), date(2017, 2, 1), date(2032, 2, 1)),
        ("HK", "hk_short_term", date(2020, 2, 29), None, date(2028, 2, 29)),
        ("JP", "invention", date(2012, 2, 29), None, date(2032, 2, 29)),
        ("US", "invention", date(2011, 2, 28), None, date(2031, 2, 28)),
    ],
)
def test_expiry_follows_the_statutory_term(jurisdiction, kind, filed, granted, expected):
    asset = Asset(jurisdiction=jurisdiction, kind=kind, application_date=filed, grant_date=granted)
    assert compute_expiry(asset)[0] == expected


def test_recorded_extension_moves_the_expiry(alice, alice_org):
    asset = make_asset(alice_org, application_date=date(2010, 1, 1))
    services.add_legal_event(
        asset=asset, by=alice, day=date(2020, 1, 1), effect="extended", extension_days=365
    )
    asset.refresh_from_db()
    assert asset.expiry_date == date(2031, 1, 1)
    assert asset.term_extension_days == 365


def test_negative_extension_is_refused(alice, alice_org):
    asset = make_asset(alice_org)
    with pytest.raises(InvalidInput):
        services.add_legal_event(
            asset=asset, by=alice, day=date(2020, 1, 1), effect="extended", extension_days=-1
        )


def test_lapse_event_sets_the_legal_status(alice, alice_org):
    asset = make_asset(alice_org)
    services.add_legal_event(asset=asset, by=alice, day=date(2023, 1, 1), effect="lapsed")
    asset.refresh_from_db()
    assert asset.legal_status == Asset.Status.LAPSED


def test_transfer_to_a_member_moves_ownership_and_extends_the_chain(alice, alice_org, charlie_org):
    asset = make_asset(alice_org)
    services.record_transfer(
        asset=asset, by=alice, day=date(2024, 1, 1), to_name=charlie_org.name, to_organisation=charlie_org
    )
    asset.refresh_from_db()
    assert asset.owner == charlie_org
    assert services.current_holder(asset) == charlie_org.name
    assert asset.transfers.get().from_name == alice_org.name


def test_pledged_asset_cannot_be_transferred(alice, alice_org):
    asset = make_asset(alice_org)
    services.add_encumbrance(
        asset=asset, by=alice, kind=Encumbrance.Kind.PLEDGE, holder_name="Bank", start_date=date(2024, 1, 1)
    )
    with pytest.raises(Conflict, match="pledged"):
        services.record_transfer(asset=asset, by=alice, day=date(2024, 2, 1), to_name="Buyer Ltd")
    assert not asset.transfers.exists()


def test_transfer_cannot_predate_the_previous_one(alice, alice_org):
    asset = make_asset(alice_org)
    services.record_transfer(asset=asset, by=alice, day=date(2024, 1, 1), to_name="B Ltd")
    with pytest.raises(InvalidInput):
        services.record_transfer(asset=asset, by=alice, day=date(2023, 1, 1), to_name="C Ltd")


def test_outsider_cannot_transfer(charlie, alice_org):
    asset = make_asset(alice_org)
    with pytest.raises(Forbidden):
        services.record_transfer(asset=asset, by=charlie, day=date(2024, 1, 1), to_name="Charlie")


def test_an_edit_saves_the_asset_and_its_profile_together(alice, alice_org):
    asset = make_asset(alice_org, title="Before")
    with pytest.raises(InvalidInput):
        services.update_asset(asset=asset, by=alice, title="After", profile={"phase": 99})
    asset.refresh_from_db()
    assert asset.title == "Before"
    services.update_asset(asset=asset, by=alice, title="After", profile={"drug_name": "Harbourmab"})
    asset.refresh_from_db()
    assert (asset.title, asset.biomedical.drug_name) == ("After", "Harbourmab")
