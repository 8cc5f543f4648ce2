"""The asset form comes in steps, every field in one of them, the biomedical profile last."""

import pytest
from django.urls import reverse

from assets.forms import AssetForm

pytestmark = pytest.mark.django_db


def test_every_field_of_the_asset_form_is_in_a_step():
    in_steps = [name for _title, names in AssetForm.STEPS for name in names]
    assert sorted(in_steps) == sorted(AssetForm().fields)


@pytest.mark.parametrize(
    ("viewpoint", "status"),
    [
        ("anonymous", 302),
        ("outsider", 404),
        ("participant", 200),
        ("owner", 200),
        ("staff", 404),
    ],  # staff act for no organisation
)
def test_the_asset_form_in_steps_from_the_five_viewpoints(client_as, users, alice_org, viewpoint, status):
    response = client_as(users[viewpoint]).get(reverse("assets:create", args=[alice_org.slug]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Step 1: What it is" in html and "Step 5: Biomedical profile" in html


def test_the_owner_adds_an_english_title_and_abstract_to_a_chinese_record(alice, bob, charlie, alice_org):
    from assets import services
    from assets.models import AssetTranslation
    from core.errors import Forbidden, InvalidInput
    from tests.factories import make_asset

    asset = make_asset(alice_org, number="CN77A", title="抗体药物偶联物", original_language="zh-hans")
    services.save_translation(
        asset=asset, by=bob, language_code="en", title="Antibody-drug conjugate", abstract="An ADC."
    )
    asset.refresh_from_db()
    assert AssetTranslation.objects.get(asset=asset, language_code="en").title == "Antibody-drug conjugate"
    assert "antibody" in asset.search_text.lower()
    with pytest.raises(InvalidInput):
        services.save_translation(asset=asset, by=alice, language_code="zh-hans", title="同一语言")
    with pytest.raises(InvalidInput):
        services.save_translation(asset=asset, by=alice, language_code="xx", title="x")
    with pytest.raises(Forbidden):
        services.save_translation(asset=asset, by=charlie, language_code="en", title="Taken over")


def test_the_edit_form_shows_the_translation_in_its_step(client_as, alice, alice_org):
    from assets import services
    from tests.factories import make_asset

    asset = make_asset(alice_org, number="CN78A", title="抗体", original_language="zh-hans")
    services.save_translation(asset=asset, by=alice, language_code="en", title="Antibody ADC title")
    html = client_as(alice).get(reverse("assets:edit", args=[asset.pk])).content.decode()
    assert "In another language" in html and "Antibody ADC title" in html
