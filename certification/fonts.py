"""A font for bilingual certificates: Noto Sans CJK embedded when it is installed, else a fallback.

reportlab embeds TrueType outlines only, while Debian's fonts-noto-cjk ships OpenType/CFF collections.
So the glyphs one certificate needs are cut out of the collection with fontTools and their cubic
outlines converted to quadratic ones: a subset of a few kilobytes, made in well under a second.
When no CJK font can be read, the certificate uses Adobe's standard CID fonts (MSung-Light for
Traditional, STSong-Light for Simplified Chinese), which every PDF reader supplies but which are not
embedded; the text stays correct, only its typeface is the reader's.

IPHARBOUR_CJK_FONT may name another font file (.ttf, .otf or .ttc) to use instead.
"""

import functools
import hashlib
import io
import logging
import os
import string
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

log = logging.getLogger(__name__)

FONT_ENV = "IPHARBOUR_CJK_FONT"
NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# The face of a collection that draws each Chinese script in its own regional forms.
FACES = {"zh-hant": "Noto Sans CJK TC", "zh-hans": "Noto Sans CJK SC"}
CID_FALLBACK = {"zh-hant": "MSung-Light", "zh-hans": "STSong-Light"}


def font_path() -> Path | None:
    configured = os.environ.get(FONT_ENV)
    path = Path(configured) if configured else NOTO_CJK
    return path if path.is_file() else None


@functools.lru_cache(maxsize=8)
def _face_index(path: Path, face: str) -> int:
    from fontTools.ttLib import TTCollection

    if path.suffix.lower() != ".ttc":
        return 0
    names = [font["name"].getDebugName(4) for font in TTCollection(str(path), lazy=True).fonts]
    return names.index(face) if face in names else 0


def _quadratic(font) -> None:
    """Replace the CFF outlines of a (subset) font by TrueType glyf outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for name in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
        "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxPoints", "maxContours",
        "maxCompositePoints", "maxCompositeContours", "maxComponentDepth",
    ):  # fmt: skip
        setattr(maxp, name, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType, font["post"].extraNames, font["post"].mapping = 2.0, [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


@functools.lru_cache(maxsize=32)
def _subset(path: Path, index: int, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont as FontFile

    font = FontFile(str(path), fontNumber=index, lazy=False)
    options = subset.Options()
    options.layout_features, options.name_IDs, options.hinting = [], ["*"], False
    options.notdef_outline, options.desubroutinize = True, True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    if "glyf" not in font:
        _quadratic(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def font_for(text: str, script: str = "zh-hant") -> tuple[str, bool]:
    """The name of a registered font that draws every character of `text`, and whether it is embedded."""
    # Every printable ASCII character is always included, so that certificates differing only in
    # ids, numbers and signatures share one cached subset.
    characters = "".join(sorted(set(text) | set(string.printable.strip()) | {" "}))
    path = font_path()
    if path is not None:
        try:
            data = _subset(path, _face_index(path, FACES.get(script, FACES["zh-hant"])), characters)
            name = "CJK-" + hashlib.sha256(data).hexdigest()[:16]
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
            return name, True
        except Exception:  # any unreadable font falls back to the reader's CID font, never fails the PDF
            log.warning("CJK font %s could not be embedded; using a CID font", path, exc_info=True)
    name = CID_FALLBACK.get(script, CID_FALLBACK["zh-hant"])
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name, False
