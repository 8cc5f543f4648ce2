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
        assert "Step 1: What it is" in html and "Step 4: Biomedical profile" in html
