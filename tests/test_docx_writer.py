import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace

import docx
import pytest
from docx.enum.text import WD_LINE_SPACING
from lxml import etree

from tests.rendering import docx_of
from workstation.documents.blocks import Cell, Document, PageBreak, Paragraph, Row, Run, Spacer, Table, layout
from workstation.documents.docx_writer import AUTHOR, render_docx, style_name
from workstation.documents.pdf_pages import CELL_PADDING

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTY = "佛山市喆犇镕赟堃置业有限公司"
AMOUNT = "人民币壹拾捌万玖仟元整"
FOOTER = "被询问人签名：        第 {page} 页 共 {pages} 页"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def sample(**changes) -> Document:
    table = Table((
        Row((Cell.of("当事人", "cell_label"), Cell.of(f"{PARTY}\n91440605MA5F6D7A4N", colspan=2))),
        Row((Cell.of("罚款金额", "cell_label"), Cell.of("¥189,000.00"), Cell.of(AMOUNT))),
        Row((Cell.of("承办人意见", "cell_label"), Cell.of("同意。（拟处罚款）", colspan=2)), min_height_mm=30),
    ), (0.25, 0.5, 0.25))
    blocks = (
        Paragraph.of("佛山市禅城区市场监督管理局", "agency"),
        Paragraph.of("行政处罚决定书", "title"),
        Paragraph.of("佛禅市监处罚〔2026〕19号", "number"),
        Paragraph((Run("当事人："), Run(PARTY, underline=True)), "plain"),
        Paragraph.of("经查，当事人在“佳居·悦府”楼盘的宣传资料中称“地铁口物业（步行3分钟）”，与事实不符；"
                     "上述行为违反了《中华人民共和国反不正当竞争法》第八条第一款的规定……"),
        Paragraph((Run("依据上述规定，决定：处以罚款"), Run(AMOUNT, bold=True), Run("（¥189,000.00）。")),
                  keep_with_next=True),
        Spacer(2),
        table,
        PageBreak(),
        Paragraph.of("如不服本决定，可在收到本决定书之日起六十日内向佛山市禅城区人民政府申请行政复议，"
                     "也可以在六个月内依法向人民法院提起行政诉讼。"),
        Paragraph.of("2026年3月22日", "signature"),
    )
    document = Document("行政处罚决定书", blocks, footer=FOOTER, metadata={"date": "2026-03-22"})
    return replace(document, **changes)


def xml_parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()
                if name.endswith((".xml", ".rels"))}


def body_of(data: bytes) -> etree._Element:
    return xml_parts(data)["word/document.xml"].find("w:body", NS)


def style_element(data: bytes, key: str) -> etree._Element:
    styles = xml_parts(data)["word/styles.xml"]
    [style] = styles.xpath("w:style[w:name/@w:val=$name]", namespaces=NS, name=style_name(key))
    return style


def attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(w(name))


def footer_parts(data: bytes) -> dict[str, etree._Element]:
    """Footer parts by their footerReference type (default, even)."""
    parts = xml_parts(data)
    rels = {rel.get("Id"): rel.get("Target") for rel in parts["word/_rels/document.xml.rels"]}
    refs = parts["word/document.xml"].iter(w("footerReference"))
    return {ref.get(w("type")): parts["word/" + rels[ref.get(f"{{{NS_R}}}id")]] for ref in refs}


def texts_in_order(data: bytes) -> list[str]:
    """Paragraph and cell texts as python-docx reads them back, merged cells once."""
    texts: list[str] = []
    for item in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(item, docx.table.Table):
            for row in item.rows:
                seen = []
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.append(cell._tc)
                        texts += [p.text for p in cell.paragraphs]
        else:
            texts.append(item.text)
    return [text for text in texts if text]


def test_the_docx_holds_every_text_of_the_blocks_in_order():
    document = sample()
    texts = texts_in_order(docx_of(document))
    assert texts == [line for line in document.text.splitlines() if line]
    assert texts[3] == "当事人：" + PARTY and AMOUNT in texts


def test_the_page_is_a4_with_the_gbt_9704_margins():
    data = docx_of(sample())
    section = docx.Document(io.BytesIO(data)).sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26]
    page_size = body_of(data).find("w:sectPr/w:pgSz", NS)
    assert (attr(page_size, "w"), attr(page_size, "h")) == ("11906", "16838")


def test_every_style_and_every_run_carries_its_east_asian_font():
    data = docx_of(sample())
    faces = {}
    for key, spec in layout()["styles"].items():
        fonts = style_element(data, key).find("w:rPr/w:rFonts", NS)
        assert (attr(fonts, "eastAsia"), attr(fonts, "ascii"), attr(fonts, "hAnsi")) == (spec["docx_font"],) * 3
        faces[style_element(data, key).get(w("styleId"))] = spec["docx_font"]
    parts = xml_parts(data)
    stories = [parts["word/document.xml"], *footer_parts(data).values()]
    runs = [run for story in stories for run in story.iter(w("r"))]
    assert len(runs) > 20
    for story in stories:
        for paragraph in story.iter(w("p")):
            face = faces[attr(paragraph.find("w:pPr/w:pStyle", NS), "val")]
            for run in paragraph.iter(w("r")):
                assert attr(run.find("w:rPr/w:rFonts", NS), "eastAsia") == face
    defaults = parts["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert attr(defaults.find("w:rFonts", NS), "eastAsia") == layout()["styles"]["body"]["docx_font"]
    assert attr(defaults.find("w:rFonts", NS), "eastAsiaTheme") is None
    assert attr(defaults.find("w:lang", NS), "eastAsia") == "zh-CN"


def test_body_text_has_exact_28_95_pt_lines_and_a_two_character_first_line_indent():
    data = docx_of(sample())
    body = style_element(data, "body").find("w:pPr", NS)
    spacing = body.find("w:spacing", NS)
    assert [attr(spacing, name) for name in ("line", "lineRule", "before", "after")] == ["579", "exact", "0", "0"]
    indent = body.find("w:ind", NS)
    assert (attr(indent, "firstLineChars"), attr(indent, "firstLine")) == ("200", "640")
    assert attr(body.find("w:jc", NS), "val") == "both"
    style = docx.Document(io.BytesIO(data)).styles[style_name("body")]
    assert style.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert style.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert style.font.size.pt == 16


def test_title_and_signature_styles_follow_the_layout():
    data = docx_of(sample())
    title = style_element(data, "title")
    assert attr(title.find("w:rPr/w:sz", NS), "val") == "44"
    assert attr(title.find("w:pPr/w:jc", NS), "val") == "center"
    signature = style_element(data, "signature").find("w:pPr", NS)
    assert (attr(signature.find("w:ind", NS), "rightChars"), attr(signature.find("w:jc", NS), "val")) == (
        "400", "right")


def test_word_gets_the_chinese_line_breaking_rules():
    data = docx_of(sample())
    settings = xml_parts(data)["word/settings.xml"]
    before = settings.find("w:noLineBreaksBefore", NS)
    after = settings.find("w:noLineBreaksAfter", NS)
    assert attr(before, "lang") == attr(after, "lang") == "zh-CN"
    assert set("。，、；：？！）》」』”’…％") <= set(attr(before, "val"))
    assert set("（《「『“‘【〔〈") <= set(attr(after, "val"))
    assert not set("（《「『“") & set(attr(before, "val"))
    tags = [etree.QName(child).localname for child in settings]
    assert tags.index("noLineBreaksAfter") + 1 == tags.index("noLineBreaksBefore") < tags.index("compat")
    body = style_element(data, "body").find("w:pPr", NS)
    assert [attr(body.find(f"w:{name}", NS), "val") for name in
            ("kinsoku", "overflowPunct", "autoSpaceDE", "autoSpaceDN")] == ["1", "0", "0", "0"]


def test_the_footer_holds_page_and_numpages_fields_on_every_page():
    data = docx_of(sample())
    footers = footer_parts(data)
    assert list(footers) == ["default"]
    footer = footers["default"]
    codes = [instr.text.strip() for instr in footer.iter(w("instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    kinds = [attr(char, "fldCharType") for char in footer.iter(w("fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    shown = "".join(t.text for t in footer.iter(w("t")))
    assert shown == "被询问人签名：        第 1 页 共 1 页"
    assert xml_parts(data)["word/settings.xml"].find("w:evenAndOddHeaders", NS) is None
    # the footer line starts 7 mm below the text block: 28 mm (1587 twips) above the paper's edge, 18 pt high
    assert attr(body_of(data).find("w:sectPr/w:pgMar", NS), "footer") == str(1587 - 360)


def test_without_a_footer_odd_pages_are_numbered_right_and_even_pages_left():
    data = docx_of(sample(footer=None))
    assert xml_parts(data)["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    footers = footer_parts(data)
    assert sorted(footers) == ["default", "even"]
    for kind, side in (("default", "right"), ("even", "left")):
        paragraph = footers[kind].find("w:p", NS)
        assert "".join(t.text for t in paragraph.iter(w("t"))) == "— 1 —"
        assert [instr.text.strip() for instr in paragraph.iter(w("instrText"))] == ["PAGE"]
        assert attr(paragraph.find("w:pPr/w:jc", NS), "val") == side
        assert attr(paragraph.find("w:pPr/w:ind", NS), f"{side}Chars") == "100"
        assert attr(paragraph.find("w:pPr/w:pStyle", NS), "val") == "WSPageNumber"
    assert attr(style_element(data, "page_number").find("w:rPr/w:sz", NS), "val") == "28"


def test_no_footer_at_all_when_page_numbers_are_off():
    data = docx_of(sample(footer=None, page_numbers=False))
    assert footer_parts(data) == {}


def test_the_table_is_ruled_centred_fixed_and_spans_columns():
    data = docx_of(sample())
    table = body_of(data).find("w:tbl", NS)
    properties = table.find("w:tblPr", NS)
    assert attr(properties.find("w:jc", NS), "val") == "center"
    assert attr(properties.find("w:tblLayout", NS), "type") == "fixed"
    assert (attr(properties.find("w:tblW", NS), "w"), attr(properties.find("w:tblW", NS), "type")) == (
        "8844", "dxa")
    borders = properties.find("w:tblBorders", NS)
    assert {etree.QName(edge).localname: attr(edge, "val") for edge in borders} == {
        edge: "single" for edge in ("top", "left", "bottom", "right", "insideH", "insideV")}
    assert [attr(col, "w") for col in table.iter(w("gridCol"))] == ["2211", "4422", "2211"]
    rows = table.findall("w:tr", NS)
    first = rows[0].findall("w:tc", NS)
    assert len(first) == 2
    assert attr(first[1].find("w:tcPr/w:gridSpan", NS), "val") == "2"
    assert attr(first[1].find("w:tcPr/w:tcW", NS), "w") == "6633"
    height = rows[2].find("w:trPr/w:trHeight", NS)
    assert (attr(height, "val"), attr(height, "hRule")) == ("1701", "atLeast")
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    styles = [attr(p.find("w:pPr/w:pStyle", NS), "val") for p in rows[0].iter(w("p"))]
    assert styles == ["WSCellLabel", "WSCell", "WSCell"]


def test_table_cells_keep_the_pdf_cell_padding_on_all_four_sides():
    # Word's default (1.9 mm left and right, none above and below) broke cell text one character earlier
    # and fitted more rows on a page than the PDF
    properties = body_of(docx_of(sample())).find("w:tbl/w:tblPr", NS)
    margins = properties.find("w:tblCellMar", NS)
    assert round(CELL_PADDING * 20) == 85  # 1.5 mm in twips
    assert {etree.QName(edge).localname: (attr(edge, "w"), attr(edge, "type")) for edge in margins} == {
        edge: ("85", "dxa") for edge in ("top", "left", "bottom", "right")}
    tags = [etree.QName(child).localname for child in properties]
    assert tags.index("tblBorders") < tags.index("tblLayout") < tags.index("tblCellMar")


def test_widow_and_orphan_control_is_off_so_pages_fill_to_their_last_line_as_in_the_pdf():
    data = docx_of(sample())
    defaults = xml_parts(data)["word/styles.xml"].find("w:docDefaults/w:pPrDefault/w:pPr", NS)
    assert attr(defaults.find("w:widowControl", NS), "val") == "0"
    assert [etree.QName(child).localname for child in defaults][:2] == ["widowControl", "kinsoku"]
    assert {attr(e, "val") for e in xml_parts(data)["word/styles.xml"].iter(w("widowControl"))} <= {"0"}
    # only a paragraph kept with the next turns it back on: the PDF splits it two lines at least on either side
    turned = [paragraph for paragraph in xml_parts(data)["word/document.xml"].iter(w("p"))
              if attr(paragraph.find("w:pPr/w:widowControl", NS), "val") not in (None, "0")]
    assert turned and all(paragraph.find("w:pPr/w:keepNext", NS) is not None for paragraph in turned)


def test_a_spacer_is_its_lines_of_body_leading_and_a_page_break_starts_the_next_paragraph_on_a_new_page():
    body = body_of(docx_of(sample()))
    paragraphs = body.findall("w:p", NS)
    spacer = next(p for p in paragraphs if not p.findall(".//w:t", NS))
    spacing = spacer.find("w:pPr/w:spacing", NS)
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == (str(2 * 579), "exact")
    after_table = body.find("w:tbl", NS).getnext()
    assert after_table.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert "".join(after_table.itertext()).startswith("如不服本决定")
    assert sum(p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in paragraphs) == 1


def test_a_page_break_before_a_table_or_at_the_end_is_a_break_paragraph():
    table = Table((Row((Cell.of("内容"),)),), (1,))
    document = Document("表", (Paragraph.of("正文"), PageBreak(), table, PageBreak()))
    body = body_of(docx_of(document))
    kinds = [etree.QName(child).localname for child in body if etree.QName(child).localname != "sectPr"]
    assert kinds == ["p", "p", "tbl", "p"]
    breaks = [attr(br, "type") for br in body.iter(w("br"))]
    assert breaks == ["page", "page"]


def test_a_final_table_is_followed_by_a_one_point_paragraph():
    table = Table((Row((Cell.of("内容"),), min_height_mm=200),), (1,))
    body = body_of(docx_of(Document("表", (table,))))
    last = body.findall("w:p", NS)[-1]
    assert last.getprevious().tag == w("tbl")
    assert attr(last.find("w:pPr/w:spacing", NS), "line") == "20"


def test_runs_are_bold_and_underlined_as_the_blocks_say():
    body = body_of(docx_of(sample()))
    runs = {"".join(run.itertext()): run.find("w:rPr", NS) for run in body.findall("w:p/w:r", NS)}
    assert attr(runs[PARTY].find("w:u", NS), "val") == "single"
    assert runs[PARTY].find("w:b", NS) is None
    assert runs[AMOUNT].find("w:b", NS) is not None
    assert runs[AMOUNT].find("w:u", NS) is None
    assert runs["当事人："].find("w:b", NS) is None and runs["当事人："].find("w:u", NS) is None


def test_keep_with_next_and_alignment_overrides_reach_the_paragraph():
    document = Document("t", (Paragraph.of("右", "body", align="right", keep_with_next=True),))
    paragraph = body_of(docx_of(document)).find("w:p", NS)
    assert paragraph.find("w:pPr/w:keepNext", NS) is not None
    assert attr(paragraph.find("w:pPr/w:jc", NS), "val") == "right"


def test_the_package_is_a_valid_zip_whose_content_types_list_its_parts():
    data = docx_of(sample())
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        names = package.namelist()
        types = etree.fromstring(package.read("[Content_Types].xml"))
    overrides = {e.get("PartName") for e in types if e.tag.endswith("Override")}
    defaults = {e.get("Extension") for e in types if e.tag.endswith("Default")}
    assert {"/word/document.xml", "/word/styles.xml", "/word/settings.xml", "/word/footer1.xml",
            "/docProps/core.xml"} <= overrides
    for name in names:
        if name != "[Content_Types].xml":
            assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    assert not any(name.endswith(".jpeg") or "stylesWithEffects" in name for name in names)


def test_core_properties_name_the_title_and_the_app_never_the_user():
    data = docx_of(sample())
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.title == "行政处罚决定书"
    assert properties.author == properties.last_modified_by == AUTHOR == "案卷工作站"
    assert properties.created == properties.modified == dt.datetime(2026, 3, 22, tzinfo=dt.UTC)
    assert "python-docx" not in etree.tostring(xml_parts(data)["docProps/core.xml"], encoding="unicode")


def test_a_chinese_metadata_date_is_read_and_without_one_no_timestamps_are_written():
    chinese = docx.Document(io.BytesIO(docx_of(sample(metadata={"date": "2026年3月9日"}))))
    assert chinese.core_properties.created == dt.datetime(2026, 3, 9, tzinfo=dt.UTC)
    undated = xml_parts(docx_of(sample(metadata={})))["docProps/core.xml"]
    assert not [e for e in undated if etree.QName(e).localname in ("created", "modified")]


def test_equal_documents_give_equal_bytes():
    assert render_docx(sample()) == render_docx(sample())
    assert render_docx(sample()) != render_docx(sample(metadata={"date": "2026-03-23"}))


def test_an_unknown_style_is_refused_with_its_name():
    with pytest.raises(ValueError, match="no_such_style"):
        render_docx(Document("t", (Paragraph.of("正文", "no_such_style"),)))


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx_to_a_pdf_with_its_text(tmp_path):
    source = tmp_path / "decision.docx"
    source.write_bytes(render_docx(sample()))
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = tmp_path / "decision.pdf"
    assert pdf.exists() and pdf.stat().st_size > 0
    try:
        import pypdf
    except ImportError:
        return
    reader = pypdf.PdfReader(pdf)
    text = re.sub(r"\s", "", "".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) >= 2
    assert PARTY in text and AMOUNT in text and "佛禅市监处罚〔2026〕19号" in text


def test_text_on_the_character_grid_is_spaced_for_28_characters_a_line():
    data = docx_of(sample())
    for key in ("body", "plain", "number", "heading1", "heading2", "signature"):
        spacing = style_element(data, key).find("w:rPr/w:spacing", NS)
        assert attr(spacing, "val") == "-5", key  # 15.75 pt a character: 28 in the 156 mm text block
    for key in ("title", "agency", "cell", "cell_label", "footer", "page_number"):  # off the grid
        assert style_element(data, key).find("w:rPr/w:spacing", NS) is None, key


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_lays_out_28_characters_a_line(tmp_path):
    text = "当事人佛山市某有限公司于年月日在其经营场所销售不符合国家标准的产品经查证属实依据" * 4
    source = tmp_path / "grid.docx"
    source.write_bytes(render_docx(Document("测试", (Paragraph.of(text), Paragraph.of(text, "plain")))))
    command = [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    pypdf = pytest.importorskip("pypdf")
    lines = [line.strip() for line in pypdf.PdfReader(tmp_path / "grid.pdf").pages[0].extract_text().splitlines()]
    lines = [line for line in lines if line]
    first_body, *rest = lines
    assert len(first_body) == 26  # after the two-character indent
    lengths = [len(line) for line in rest]  # 4 + 5 full lines, the last line of each paragraph shorter
    assert max(lengths) == 28 and lengths.count(28) == 9
