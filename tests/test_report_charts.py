"""The charts of the campaign report in its DOCX: the PDF's charts as PNG pictures, one for each chart the PDF draws,
in the same room (above the chart's caption, the text block's width and nine body lines high), drawn from the same
bars; the same data give the same bytes; a period frozen before the DOCX had charts prints again without them."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import replace

import docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from PIL import Image
from pypdf import PdfReader

from workstation.reports import render_report, report_data
from workstation.reports.chart_picture import DPI, chart_png
from workstation.reports.charts import BAR_COLOUR
from workstation.reports.document import charts

BAR = tuple(round(255 * part) for part in BAR_COLOUR.rgb())
CAPTION = re.compile(r"图\d+\s+\S+（件）")
CHART_WIDTH, CHART_HEIGHT = Mm(156), Pt(9 * 28.95)  # the text block's width, nine lines of 28.95 pt


def pdf_captions(data: dict) -> list[str]:
    """The chart captions the PDF prints, in order (spaces squeezed)."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render_report(data, "pdf")[0])).pages)
    return [re.sub(r"\s+", " ", caption) for caption in CAPTION.findall(text)]


def docx_pictures(payload: bytes) -> list[tuple[str, object, Image.Image]]:
    """(the caption below it, its inline shape, its image) of each picture of the DOCX, in order."""
    document = docx.Document(io.BytesIO(payload))
    paragraphs = document.paragraphs
    shapes = iter(document.inline_shapes)
    out = []
    for index, paragraph in enumerate(paragraphs):
        for blip in paragraph._p.iter(qn("a:blip")):
            image = Image.open(io.BytesIO(document.part.related_parts[blip.get(qn("r:embed"))].blob))
            out.append((re.sub(r"\s+", " ", paragraphs[index + 1].text), next(shapes), image))
    return out


def bar_tops(image: Image.Image) -> list[int]:
    """The height in pixels of each bar (the bars' colour), left to right, measured from the row just above the
    category axis."""
    pixels = image.convert("RGB").load()
    width, height = image.size
    row = height - round(32 * DPI / 72)  # the axis is 30 pt above the picture's bottom edge
    tops, x = [], 0
    while x < width:
        if pixels[x, row] == BAR:
            middle = x
            while x < width and pixels[x, row] == BAR:
                x += 1
            middle = (middle + x) // 2
            top = row
            while pixels[middle, top - 1] == BAR:
                top -= 1
            tops.append(row - top)
        x += 1
    return tops


def test_the_docx_has_the_pdfs_charts_as_pictures_above_their_captions(demo_db):
    data = report_data(demo_db)
    payload = render_report(data, "docx")[0]
    pictures = docx_pictures(payload)
    assert [caption for caption, _shape, _image in pictures] == pdf_captions(data) == [
        "图1 各领域案件数（件）", "图2 各区案件数（件）"]
    for (_caption, shape, image), chart in zip(pictures, charts(data), strict=True):
        # as large as the chart's room in the PDF, at 300 dpi
        assert (shape.width, shape.height) == (round(CHART_WIDTH), round(CHART_HEIGHT))
        assert image.format == "PNG" and image.size == (round(156 / 25.4 * DPI), round(9 * 28.95 / 72 * DPI))
        assert round(image.info["dpi"][0]) == DPI
        assert shape._inline.docPr.get("descr") == chart.caption
        # the same bars: one for each figure, in order, as high as their figures
        values = [value for _label, value in chart.bars]
        tops = bar_tops(image)
        assert len(tops) == len(values) == 5
        assert all(abs(top / tops[0] - value / values[0]) < 0.01 for top, value in zip(tops, values, strict=True))
    text = [p.text for p in docx.Document(io.BytesIO(payload)).paragraphs]
    assert "附件：统计表及统计图" in text


def test_the_charts_start_on_a_page_of_their_own_as_in_the_pdf(demo_db):
    document = docx.Document(io.BytesIO(render_report(report_data(demo_db), "docx")[0]))
    holders = [p for p in document.paragraphs if p._p.find(".//" + qn("w:drawing")) is not None]
    assert [p._p.pPr.find(qn("w:pageBreakBefore")) is not None for p in holders] == [True, False]
    # the picture's line is the picture: no indent, no line height of its own that would clip or move it
    spacing = holders[0]._p.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:lineRule")), holders[0]._p.pPr.find(qn("w:ind")).get(qn("w:firstLine"))) == ("auto", "0")


def test_the_same_data_give_the_same_docx_and_picture_bytes(demo_db):
    from workstation.documents.fonts import resolve_fonts
    from workstation.reports import chart_picture

    data = report_data(demo_db)
    first = render_report(data, "docx")[0]
    chart = charts(data)[0]
    png = chart_png(chart, resolve_fonts())
    chart_picture._font.cache_clear()
    assert render_report(json.loads(json.dumps(data)), "docx")[0] == first
    assert chart_png(chart, resolve_fonts()) == png


def test_a_report_without_cases_has_the_pdfs_empty_charts_in_its_docx_too(db):
    data = report_data(db)
    pictures = docx_pictures(render_report(data, "docx")[0])
    assert [caption for caption, _shape, _image in pictures] == pdf_captions(data)
    assert all(bar_tops(image) == [] for _caption, _shape, image in pictures)  # axes and zeros, no bars


def test_a_period_frozen_before_prints_its_docx_again_without_charts(demo_db):
    data = json.loads(json.dumps(report_data(demo_db)))
    data["format"] = 3
    payload = render_report(data, "docx")[0]
    assert docx_pictures(payload) == []
    text = [p.text for p in docx.Document(io.BytesIO(payload)).paragraphs]
    assert "附件：统计表" in text and not any(CAPTION.fullmatch(t) for t in text)


def drawn_texts(chart) -> Counter:
    """The texts the chart draws (bar figures, category names, value axis marks), as the PDF draws them."""
    from reportlab.graphics import renderSVG

    from workstation.documents.fonts import resolve_fonts
    from workstation.reports.charts import bar_drawing, chart_size

    svg = renderSVG.drawToString(bar_drawing(chart, *chart_size(), resolve_fonts()))
    return Counter(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def test_a_chart_of_one_or_two_cases_marks_its_axis_0_1_2_not_0_0_0_0_0_1(demo_db):
    data = report_data(demo_db)
    small = (("房地产租售", 1), ("教育培训", 0))
    chart = replace(charts(data)[1], bars=small)
    # the bar figures 1 and 0, the axis marked 0 and 1 (it was marked in steps of 0.2: 0, 0, 0, 0, 0, 1)
    assert drawn_texts(chart) == Counter({"1": 2, "0": 2, "房地产租售": 1, "教育培训": 1})
    assert drawn_texts(replace(chart, bars=(("南海区", 2),))) == Counter({"2": 2, "0": 1, "1": 1, "南海区": 1})
    # a period frozen before prints again as it was sent
    data["format"] = 3
    assert drawn_texts(replace(charts(data)[1], bars=small))["0"] == 6
