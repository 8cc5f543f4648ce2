"""The bilingual PDF certificate: a QR code to the verification page, a CJK font embedded when the
system has Noto Sans CJK, and a graceful fallback when it has not."""

import re
import zlib

import pytest
from django.urls import reverse

from certification import fonts, pdf

pytestmark = pytest.mark.django_db


def _streams(data: bytes) -> bytes:
    """The PDF with its Flate streams inflated, so that names and text operators can be searched."""
    out = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def test_the_certificate_links_its_qr_code_to_the_verification_page(attestation, monkeypatch):
    seen: list[str] = []
    original = pdf.qr_drawing

    def drawing(url, *args, **kwargs):
        seen.append(url)
        return original(url, *args, **kwargs)

    monkeypatch.setattr(pdf, "qr_drawing", drawing)
    data = pdf.certificate(attestation)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert seen == [f"http://testserver/verify/{attestation.public_id}/"]


def test_the_qr_code_grows_with_what_it_encodes():
    short, long = pdf.qr_drawing("http://a/"), pdf.qr_drawing("http://testserver/verify/" + "x" * 120 + "/")
    assert len(long.contents) > len(short.contents) > 100


@pytest.mark.skipif(
    fonts.font_path() is None, reason="Noto Sans CJK is not installed (Debian fonts-noto-cjk)"
)
def test_noto_sans_cjk_is_embedded_as_a_truetype_subset(attestation):
    name, embedded = fonts.font_for("港灣認證 Certificate", "zh-hant")
    assert embedded and name.startswith("CJK-")
    data = _streams(pdf.certificate(attestation))
    assert b"/FontFile2" in data
    assert b"MSung-Light" not in data


def test_without_a_cjk_font_the_certificate_falls_back_to_a_standard_cid_font(
    attestation, monkeypatch, tmp_path
):
    monkeypatch.setattr(fonts, "NOTO_CJK", tmp_path / "absent.ttc")
    monkeypatch.delenv(fonts.FONT_ENV, raising=False)
    assert fonts.font_for("港灣", "zh-hant") == ("MSung-Light", False)
    assert fonts.font_for("港湾", "zh-hans") == ("STSong-Light", False)
    data = _streams(pdf.certificate(attestation, script="zh-hans"))
    assert b"STSong-Light" in data


def test_an_unreadable_font_file_falls_back_instead_of_failing(attestation, monkeypatch, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setenv(fonts.FONT_ENV, str(broken))
    assert fonts.font_for("港灣", "zh-hant") == ("MSung-Light", False)
    assert pdf.certificate(attestation).startswith(b"%PDF-")


def test_the_certificate_is_public_by_id_and_chooses_the_script(client, attestation):
    url = reverse("certification:certificate", args=[attestation.public_id])
    response = client.get(url, {"script": "zh-hans"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert attestation.public_id in response["Content-Disposition"]
    assert client.get(url, {"script": "<script>"}).status_code == 200
    assert client.get(reverse("certification:certificate", args=["unknown"])).status_code == 404


def test_the_certificate_gives_its_period_in_the_platforms_time_zone(attestation, settings):
    from django.utils import timezone

    period = pdf._values(attestation, "zh-hant")["period"]
    assert timezone.localtime(attestation.valid_from).strftime("%Y-%m-%d %H:%M") in period
    assert settings.TIME_ZONE in period
