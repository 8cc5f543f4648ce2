"""The report page and its bilingual PDF, with every chart (who may open them: the matrix of test_pages.py)."""

import json
import re
import zlib
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_asset
from valuation import indicator_defaults, services

WORKED = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "valuation-worked-example.json").read_text()
)
pytestmark = pytest.mark.django_db


@pytest.fixture
def valuation(alice_org, alice):
    asset = make_asset(alice_org, number="CN970A", visibility="confidential")
    model = {
        **WORKED,
        "uncertainty": {
            "peak_sales": {
                "distribution": "triangular",
                "low": "60000000",
                "mode": "100000000",
                "high": "140000000",
            }
        },
    }
    scores = {code: "70" for code, *_r, kind, _m in indicator_defaults.TREE if kind != "derived"}
    inputs = {
        "rnpv": {"model": model, "paths": 5000, "seed": 2},
        "cost": {"currency": "USD", "cost_items": [{"description": "trials", "amount": "64000000"}]},
        "indicators": {"scores": scores},
    }
    created = services.create_valuation(
        asset=asset,
        by=alice,
        purpose="licensing",
        methods=["rnpv", "cost", "indicators"],
        inputs=inputs,
        currency="USD",
    )
    services.run_valuation(valuation=created, by=alice)
    services.run_valuation(valuation=created, by=alice)
    return created


def test_report_shows_every_section_and_chart(client_as, alice, valuation):
    html = client_as(alice).get(reverse("valuation:report", args=[valuation.pk])).content.decode()
    assert html.count("<svg") == 5  # cash flows, histogram, tornado, radar, history
    for text in (
        "Assumptions and their sources",
        "Reconciliation of the methods",
        "P95",
        "Signatures",
        "-27,641,001.83",
    ):
        assert text in html


def _fonts(pdf: bytes) -> set[bytes]:
    inflated = b""
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            inflated += zlib.decompress(stream.group(1))
        except zlib.error:
            continue
    return set(re.findall(rb"/BaseFont\s*/[A-Z]+\+([A-Za-z0-9\-]+)", pdf + inflated))


@pytest.mark.parametrize(
    ("script", "font"), [("zh-hant", b"Noto-Sans-CJK-TC"), ("zh-hans", b"Noto-Sans-CJK-SC")]
)
def test_pdf_is_rendered_with_the_cjk_font(client_as, alice, valuation, script, font):
    response = client_as(alice).get(
        reverse("valuation:report_pdf", args=[valuation.pk]) + f"?script={script}"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    fonts = _fonts(response.content)
    if not any(b"CJK" in name for name in fonts):
        pytest.skip("fonts-noto-cjk is not installed (apt-get install fonts-noto-cjk)")
    assert any(name.startswith(font) for name in fonts), fonts


def test_pdf_is_404_for_outsiders(client_as, charlie, valuation):
    response = client_as(charlie).get(reverse("valuation:report_pdf", args=[valuation.pk]))
    assert response.status_code == 404


def test_list_page_shows_only_visible_valuations(client_as, alice, charlie, valuation):
    assert str(valuation.asset) in client_as(alice).get(reverse("valuation:list")).content.decode()
    assert str(valuation.asset) not in client_as(charlie).get(reverse("valuation:list")).content.decode()


def test_assumptions_carry_the_forms_labels_and_grouped_numbers(client_as, alice, valuation):
    html = client_as(alice).get(reverse("valuation:report", args=[valuation.pk])).content.decode()
    assert "Peak sales per year" in html and "commercial.peak_sales" not in html
    peak = valuation.outputs["rnpv"]["deterministic"]["inputs"]["model"]["commercial"]["peak_sales"]
    assert f"{int(peak):,}" in html
