"""Bilingual PDFs of the room (the signed NDA, the agreement) and per-viewer watermarks on disclosed PDFs.

Rendering reuses the certificates' font handling (certification.fonts: Noto Sans CJK subset and embedded,
or the reader's CID font); watermarking stamps a reportlab overlay on every page with pypdf.
"""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certification import fonts

# Fixed document metadata, so that the same content renders to the same bytes (and the same hash).
INVARIANT = {"invariant": 1}


def render(*, title: str, blocks: list[str], rows: list[tuple[str, str]], script: str = "zh-hant") -> bytes:
    """A PDF with a title, paragraphs (blank-line separated text) and a two-column table of facts."""
    text = " ".join([title, *blocks, *(a + b for a, b in rows)])
    font, _embedded = fonts.font_for(text, script)
    body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=13.5, wordWrap="CJK", spaceAfter=4)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5)
    heading = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=8)
    story: list = [Paragraph(escape(title), heading)]
    for block in blocks:
        for paragraph in block.split("\n\n"):
            if paragraph.strip():
                story.append(Paragraph(escape(paragraph.strip()).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 3 * mm))
    if rows:
        table = Table(
            [[Paragraph(escape(a), small), Paragraph(escape(b), small)] for a, b in rows],
            colWidths=[50 * mm, 120 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#cccccc")),
                ]
            )
        )
        story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=A4, title=title[:200], leftMargin=20 * mm, rightMargin=20 * mm, **INVARIANT
    ).build(story)
    return buffer.getvalue()


def _overlay(text: str, width: float, height: float) -> bytes:
    font, _embedded = fonts.font_for(text)
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(width, height))
    sheet.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.35))
    sheet.setFont(font, 11)
    sheet.saveState()
    sheet.translate(width / 2, height / 2)
    sheet.rotate(35)
    for offset in range(-3, 4):
        sheet.drawCentredString(0, offset * 90, text)
    sheet.restoreState()
    sheet.setFont(font, 7)
    sheet.drawString(10 * mm, 6 * mm, text)
    sheet.save()
    return buffer.getvalue()


def watermark(pdf: bytes, text: str) -> bytes:
    """The PDF with `text` stamped across and at the foot of every page."""
    from pypdf import PageObject, PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    stamps: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        if size not in stamps:
            stamps[size] = PdfReader(io.BytesIO(_overlay(text, *size))).pages[0]
        page.merge_page(stamps[size])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
