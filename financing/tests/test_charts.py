"""The lending desk's bar charts keep every label and value inside the chart, however long or wide the text."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from financing.charts import bar_chart, text_width

SVG = "{http://www.w3.org/2000/svg}"
LONG_NAME = "Guangdong-Hong Kong-Macao Greater Bay Area Intellectual Property Trading Centre Limited"
CHINESE = "粤港澳大湾区知识产权交易中心有限公司深圳前海分公司"


def _chart(rows, unit="HKD"):
    return ET.fromstring(str(bar_chart(rows, "Exposure by borrower", unit=unit)))  # noqa: S314 (our own SVG)


def _texts(svg):
    return [(float(text.get("x")), text.get("text-anchor"), text.text) for text in svg.iter(f"{SVG}text")]


def test_long_and_chinese_labels_stay_inside_the_chart_and_keep_their_full_text_in_a_tooltip():
    rows = [(LONG_NAME, Decimal("4000000.00")), (CHINESE, Decimal("1250000.50")), ("Bank", 3)]
    svg = _chart(rows)
    width = float(svg.get("viewBox").split()[2])
    for x, anchor, text in _texts(svg):
        start, end = (x - text_width(text), x) if anchor == "end" else (x, x + text_width(text))
        assert start >= 0 and end <= width, (text, start, end, width)
    tooltips = [title.text for title in svg.iter(f"{SVG}title")]
    assert f"{LONG_NAME}: 4,000,000.00 HKD" in tooltips and f"{CHINESE}: 1,250,000.50 HKD" in tooltips
    shown = [text for _x, anchor, text in _texts(svg) if anchor == "end"]
    assert shown[2] == "Bank" and shown[0].endswith("…") and shown[1].endswith("…")
    assert CHINESE.startswith(shown[1][:-1])


def test_short_labels_are_shown_whole_and_the_bars_start_after_them():
    svg = _chart([("Applied", 3), ("Active", 12)], unit="")
    shown = [text for _x, anchor, text in _texts(svg) if anchor == "end"]
    assert shown == ["Applied", "Active"]
    bars = [float(rect.get("x")) for rect in svg.iter(f"{SVG}rect")]
    assert all(bar > text_width("Applied") for bar in bars)
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[1] > widths[0] * 3.9  # scaled to the largest value


def test_a_label_with_markup_is_escaped():
    chart = str(bar_chart([("<b>Bold</b>", 1)], "t"))
    assert "<b>" not in chart and "&lt;b&gt;Bold&lt;/b&gt;" in chart
