"""The bilingual PDF certificate of an attestation, with a QR code to its public verification page.

The certificate is a human-readable rendering of the signed credential: the credential and its live
status at the verification page are what count, and the certificate says so.
"""

import io
from xml.sax.saxutils import escape

import qrcode
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certification import fonts
from certification.attestations import verify_url
from certification.models import Attestation
from core.formatting import local_moment, time_zone_label

TITLE = _("Certificate of attestation")
NOTE = _(
    "This certificate renders a credential signed with the certifier's Ed25519 key. The signed credential "
    "and its status on the verification page (expiry, revocation, transparency log) are authoritative."
)
LABELS = [
    ("claim", _("Claim")),
    ("asset", _("Asset")),
    ("holder", _("Holder")),
    ("certifier", _("Certifier")),
    ("scope", _("Scope")),
    ("period", _("Valid")),
    ("key", _("Signing key")),
    ("signature", _("Signature")),
    ("digest", _("Credential SHA-256")),
    ("log", _("Transparency log entry")),
]


def _both(text, script: str) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text)
    with translation.override(script):
        local = str(text)
    return english, local if local != english else ""


def _values(attestation: Attestation, script: str) -> dict[str, str]:
    asset, certifier = attestation.asset, attestation.certifier
    claim_en, claim_local = _both(attestation.get_claim_display(), script)
    return {
        "claim": f"{claim_en} {claim_local}".strip(),
        "asset": f"{asset.number or '—'} ({asset.jurisdiction}) {asset.title}",
        "holder": attestation.request.requester.name,
        "certifier": f"{certifier.name} {certifier.name_local}".strip(),
        "scope": attestation.scope,
        # In the platform's one time zone, as on every page (the signed credential itself keeps UTC).
        "period": f"{local_moment(attestation.valid_from)} – {local_moment(attestation.valid_until)} "
        f"{time_zone_label(attestation.valid_from)}",
        "key": attestation.key.key_id,
        "signature": attestation.signature,
        "digest": attestation.credential_sha256,
        "log": str(attestation.issued_entry_id) if attestation.issued_entry_id is not None else "—",
    }


def qr_drawing(url: str, size: float = 38 * mm) -> Drawing:
    """The QR code of `url` as vector squares (no image library needed)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    drawing = Drawing(size, size)
    for row, line in enumerate(matrix):
        for column, dark in enumerate(line):
            if dark:
                y = size - (row + 1) * cell
                drawing.add(Rect(column * cell, y, cell, cell, fillColor=colors.black, strokeColor=None))
    return drawing


def certificate(attestation: Attestation, *, script: str = "zh-hant") -> bytes:
    """The PDF bytes of the certificate: English with Traditional (or Simplified) Chinese."""
    url = verify_url(attestation.public_id)
    labels = [(key, *_both(label, script)) for key, label in LABELS]
    values = _values(attestation, script)
    title, note = _both(TITLE, script), _both(NOTE, script)
    text = " ".join([*values.values(), *(en + local for _key, en, local in labels), *title, *note, url])
    font, _embedded = fonts.font_for(text, script)
    style = ParagraphStyle("body", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    small = ParagraphStyle(
        "small", parent=style, fontSize=7.5, leading=10, textColor=colors.HexColor("#444444")
    )
    heading = ParagraphStyle("title", parent=style, fontSize=18, leading=24)

    def para(value: str, with_style=style) -> Paragraph:
        return Paragraph(escape(value), with_style)

    rows = [
        [Paragraph(escape(en) + ("<br/>" + escape(local) if local else ""), small), para(values[key])]
        for key, en, local in labels
    ]
    table = Table(rows, colWidths=[42 * mm, 128 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    qr = Table([[qr_drawing(url), para(url, small)]], colWidths=[44 * mm, 126 * mm])
    qr.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [
        para(title[0], heading),
        *([para(title[1], heading)] if title[1] else []),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 8 * mm),
        qr,
        Spacer(1, 4 * mm),
        para(note[0], small),
        *([para(note[1], small)] if note[1] else []),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{title[0]} {attestation.public_id}",
        author=attestation.certifier.name,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    document.build(story)
    return buffer.getvalue()
