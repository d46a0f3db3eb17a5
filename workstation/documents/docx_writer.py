"""The DOCX writer: renders document blocks (``blocks.py``) with python-docx into a Word file that Word, WPS
and LibreOffice lay out like the PDF — the GB/T 9704 page of ``layout.toml``, one paragraph style per layout
style with its East Asian font written on the style and on every run (python-docx sets only Latin fonts),
exact line pitch, the Chinese line-breaking rules of ``linebreak.py`` as Word settings, ruled fixed-width
tables, pictures at their size, and on every page either the document's footer line or "— N —" page numbers.
Equal documents give equal bytes: no user name from the machine and no clock time, neither in the properties nor
in the zip. Each document is a python-docx package of its own made from the template's parts, read once per
process; its paragraphs, runs and tables are written as the lxml elements python-docx would write, without its
proxies and their look-ups."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from functools import cache, cached_property

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.styles import StylesPart
from docx.shared import Emu, Twips
from docx.styles.style import StyleFactory
from docx.text.run import Run
from lxml.etree import SubElement

from workstation.documents.blocks import (
    Cell,
    Document,
    PageBreak,
    Paragraph,
    Picture,
    Row,
    Spacer,
    Table,
    hanging_indents,
    layout,
    tracking,
)
from workstation.documents.glyphs import xml_text
from workstation.documents.linebreak import NO_END, NO_START

AUTHOR = "案卷工作站"
JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
FIELD_CODES = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
_FIELD = re.compile(r"(\{pages?\})")
_CONTROLS = re.compile(r"([\t\r\n])")  # what python-docx writes as w:tab and w:br in a run
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_EXTRAS = (RT.THUMBNAIL, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def _schema(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


# Child order of the elements we write into (ECMA-376 CT_PPrBase, CT_RPr, the tail of CT_Settings):
# Word refuses a part whose children are out of schema order.
_PPR = _schema("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
               "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
               "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
               "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange")
_RPR = _schema("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
               "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
               "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
_SETTINGS = _schema("noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
                    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
                    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
                    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids") + (
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")


@cache
def _base() -> bytes:
    """python-docx's template with the page setup, the Chinese defaults and every layout style added (the same for
    every document, so made once per process — a quarter of a document's writing), as the bytes of a .docx."""
    word = docx.Document()
    _page_setup(word.sections[0])
    _defaults(word)
    for key, spec in layout()["styles"].items():
        _add_style(word, key, spec)
    _declare_fonts(word)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@cache
def _template() -> PackageReader:
    """``_base()`` read once per process: the bytes of each of its parts, which every document's parts are made
    from (bytes are never changed, so documents rendered at the same time in worker threads share nothing)."""
    return PackageReader.from_file(io.BytesIO(_base()))


class _TemplateStyles(StylesPart):
    """The template's styles part (370 kB of XML: python-docx's ~200 styles and ours) as it is in ``_base()``: its
    bytes go into the file as they are, and are parsed into a tree of the document's own only if something reads
    or changes the styles (nothing does once ``_base`` has added ours; parsing and writing them back took ~11 ms of
    every document's writing here)."""

    def __init__(self, partname, content_type, blob, package):
        Part.__init__(self, partname, content_type, blob, package)  # XmlPart's would want the parsed element

    @classmethod
    def load(cls, partname, content_type, blob, package):
        return cls(partname, content_type, blob, package)

    @cached_property
    def _element(self):  # what XmlPart reads for the tree
        return parse_xml(self._blob)

    @property
    def blob(self) -> bytes:
        return super().blob if "_element" in self.__dict__ else self._blob


def _template_part(partname, content_type, reltype, blob, package) -> Part:
    if content_type == CT.WML_STYLES:
        return _TemplateStyles.load(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)


def _new_word():
    """A python-docx document of its own made from the template's parts (``docx.Document`` of ``_base()``, without
    unzipping it again or parsing its styles)."""
    package = Package()
    Unmarshaller.unmarshal(_template(), package, _template_part)
    return package.main_document_part.document


def render_docx(document: Document) -> bytes:
    """The DOCX file of ``document``: same page setup, styles and text as the PDF writer's output."""
    word = _new_word()
    _write_blocks(word, document.blocks)
    _write_footer(word, document)
    _core_properties(word, document)
    _drop_template_extras(word)
    return _saved(word)


def style_name(key: str) -> str:
    """The Word style name of a layout style, which the officer sees in the style gallery: its ``name`` in
    layout.toml (``body`` → "公文正文", ``cell_label_compact`` → "表格标签（紧凑）")."""
    return _style(key)["name"]


def style_id(key: str) -> str:
    """The ASCII id a paragraph names its layout style by (w:styleId; the name is Chinese): ``body`` → "WSBody",
    ``cell_label`` → "WSCellLabel"."""
    return "WS" + key.replace("_", " ").title().replace(" ", "")


def _style(key: str) -> dict:
    try:
        return layout()["styles"][key]
    except KeyError:
        raise ValueError(f"paragraph style {key!r} is not in layout.toml") from None


_RANKS: dict[tuple[str, ...], dict[str, int]] = {}


def _set(parent, order: tuple[str, ...], tag: str, **attrs):
    """Put child ``tag`` with w: attributes ``attrs`` into ``parent`` at its place in ``order``, replacing
    any existing one; returns it. (Before the first child that ``order`` puts after it — the children being in
    that order —, found in one pass over the few children rather than by python-docx's insert_element_before,
    which looks up every later tag of ``order`` in turn: a third of a document's writing.)"""
    ranks = _RANKS.get(order)
    if ranks is None:
        ranks = _RANKS[order] = {qn(name): rank for rank, name in enumerate(order)}
    name = qn(tag)
    for old in parent.findall(name):
        parent.remove(old)
    element = OxmlElement(tag, {qn(f"w:{key}"): str(value) for key, value in attrs.items()})
    rank = ranks[name]
    for child in parent:
        if ranks.get(child.tag, -1) > rank:
            child.addprevious(element)
            return element
    parent.append(element)
    return element


def _twips_mm(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _twips_pt(points: float) -> int:
    return round(points * 20)


def _chars(side: str, chars: float, size: float) -> dict[str, int]:
    """An indent in characters (what Word and WPS honour) with its length in twips as fallback."""
    return {f"{side}Chars": round(chars * 100), side: _twips_pt(chars * size)}


def _page_setup(section) -> None:
    page = layout()["page"]
    section.page_width = Twips(_twips_mm(page["width_mm"]))
    section.page_height = Twips(_twips_mm(page["height_mm"]))
    section.top_margin = Twips(_twips_mm(page["top_mm"]))
    section.bottom_margin = Twips(_twips_mm(page["bottom_mm"]))
    section.left_margin = Twips(_twips_mm(page["left_mm"]))
    section.right_margin = Twips(_twips_mm(page["right_mm"]))
    section.gutter = Twips(0)


def _text_width_twips() -> int:
    page = layout()["page"]
    return _twips_mm(page["width_mm"] - page["left_mm"] - page["right_mm"])


def _fonts(rpr, face: str) -> None:
    # hint="eastAsia": quotes, dashes, ellipsis and the interpunct (shared by Chinese and Western text) are
    # laid out as full-width Chinese punctuation, as in the PDF.
    _set(rpr, _RPR, "w:rFonts", ascii=face, hAnsi=face, eastAsia=face, hint="eastAsia")


def _line_breaking(ppr) -> None:
    """Chinese line breaking as the PDF writer does it: the kinsoku rules on (the character lists are in
    settings.xml), punctuation pushed to the next line rather than hung in the margin, and no automatic
    space between Chinese and Latin text or digits."""
    _set(ppr, _PPR, "w:kinsoku", val=1)
    _set(ppr, _PPR, "w:overflowPunct", val=0)
    _set(ppr, _PPR, "w:autoSpaceDE", val=0)
    _set(ppr, _PPR, "w:autoSpaceDN", val=0)


def _defaults(word) -> None:
    """Document defaults in Chinese: the body face instead of the template's (Japanese) theme fonts, zh-CN
    as East Asian language (the kinsoku lists apply to it), no paragraph spacing, no widow and orphan control
    (the PDF fills every page to its last line, GB/T 9704's 22 lines, and LibreOffice would otherwise move
    single lines and so whole paragraphs to the next page; only a paragraph kept with the next has it, as the
    PDF splits such a paragraph two lines at least on either side), and the line-breaking characters Word and WPS must
    not put at a line's start or end."""
    body = _style("body")
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _fonts(rpr, body["docx_font"])
    _set(rpr, _RPR, "w:sz", val=round(body["size"] * 2))
    _set(rpr, _RPR, "w:szCs", val=round(body["size"] * 2))
    _set(rpr, _RPR, "w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(ppr, _PPR, "w:widowControl", val=0)
    _line_breaking(ppr)
    _set(ppr, _PPR, "w:spacing", before=0, after=0, line=240, lineRule="auto")
    settings = word.settings.element
    _set(settings, _SETTINGS, "w:noLineBreaksAfter", lang="zh-CN", val="".join(sorted(NO_END)))
    _set(settings, _SETTINGS, "w:noLineBreaksBefore", lang="zh-CN", val="".join(sorted(NO_START)))
    _set(settings, _SETTINGS, "w:themeFontLang", val="en-US", eastAsia="zh-CN")


def _declare_fonts(word) -> None:
    """Declare each face the styles name in the font table (python-docx's lists only its template's Western and
    Japanese faces) as a Simplified Chinese (GB2312) face, with the name Word and WPS look for when it is not
    installed (``[docx_fonts]`` of layout.toml: 仿宋 for 仿宋_GB2312, which Windows no longer ships), so that a
    reader lacking it takes the face the PDF writer takes there rather than a substitute of its own choosing."""
    alternatives = layout().get("docx_fonts", {})
    part = next(part for part in word.part.package.iter_parts() if part.content_type == CT.WML_FONT_TABLE)
    table = parse_xml(part.blob)
    for face in dict.fromkeys(spec["docx_font"] for spec in layout()["styles"].values()):
        for old in table.findall(qn("w:font")):
            if old.get(qn("w:name")) == face:
                table.remove(old)
        font = _element(table, "w:font", name=face)
        if alternatives.get(face):  # children in schema order (CT_Font): altName before charset
            _element(font, "w:altName", val=alternatives[face])
        _element(font, "w:charset", val="86")
    part._blob = serialize_part_xml(table)


# the style id python-docx gave each layout style, by key: a paragraph names its style by id (``_set_style``)
_STYLE_IDS: dict[str, str] = {}


def _add_style(word, key: str, spec: dict) -> None:
    """One paragraph style of layout.toml: face, size, bold, alignment, exact leading, indents in characters, and
    on the page's character grid the character spacing that puts 28 characters on a line, as in the PDF."""
    # the styles element's own add, not Styles.add_style: that first compares the name with every style already
    # there (~180 in python-docx's template, once per style added: ~35 ms a document); ours are new, Chinese names
    # (layout.toml: none a built-in style's), whose id python-docx would make of the name: ours is ASCII ("WSBody")
    element = word.styles.element.add_style_of_type(spec["name"], WD_STYLE_TYPE.PARAGRAPH, False)
    element.styleId = style_id(key)
    style = StyleFactory(element)
    _STYLE_IDS[key] = style.style_id
    style.quick_style = True
    ppr = style.element.get_or_add_pPr()
    _line_breaking(ppr)
    _set(ppr, _PPR, "w:spacing", before=0, after=0, line=_twips_pt(spec["leading"]), lineRule="exact")
    indents = {}
    if spec.get("left_indent_chars"):
        indents |= _chars("left", spec["left_indent_chars"], spec["size"])
    if spec.get("first_line_indent_chars", 0) > 0:
        indents |= _chars("firstLine", spec["first_line_indent_chars"], spec["size"])
    elif spec.get("first_line_indent_chars", 0) < 0:  # a hanging indent (the attachment note)
        indents |= _chars("hanging", -spec["first_line_indent_chars"], spec["size"])
    if spec.get("right_indent_chars"):
        indents |= _chars("right", spec["right_indent_chars"], spec["size"])
    if indents:
        _set(ppr, _PPR, "w:ind", **indents)
    _set(ppr, _PPR, "w:jc", val=JUSTIFICATION[spec.get("align", "left")])
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, spec["docx_font"])
    if spec.get("bold"):
        _set(rpr, _RPR, "w:b")
    if tracking(spec):
        _set(rpr, _RPR, "w:spacing", val=_twips_pt(tracking(spec)))
    _set(rpr, _RPR, "w:sz", val=round(spec["size"] * 2))
    _set(rpr, _RPR, "w:szCs", val=round(spec["size"] * 2))


def _element(parent, tag: str, **attrs):
    """A new last child ``tag`` of ``parent`` with w: attributes ``attrs``, in the order given (python-docx's)."""
    return SubElement(parent, qn(tag), {qn(f"w:{key}"): str(value) for key, value in attrs.items()})


def _add_paragraph(end):
    """A new paragraph at the end of the body: before its section properties ``end``, as python-docx adds one."""
    p = OxmlElement("w:p")
    end.addprevious(p)
    return p


def _add_run(p, text: str, face: str, bold: bool = False, underline: bool = False):
    """A run of ``text`` at the end of paragraph ``p``, written as python-docx's ``add_run`` and ``run.text``
    would (a tab becomes w:tab, a line break w:br, and a piece with spaces at either end keeps them), without
    its proxies and schema look-ups: a new run's properties are added in schema order. A control character XML
    cannot hold (Word's manual line break U+000B, pasted with a text) is written as ``glyphs.xml_text`` makes it
    rather than fail the whole document."""
    r = _element(p, "w:r")
    rpr = _element(r, "w:rPr")
    _element(rpr, "w:rFonts", ascii=face, hAnsi=face, eastAsia=face, hint="eastAsia")  # as _fonts
    if bold:
        _element(rpr, "w:b")
    if underline:
        _element(rpr, "w:u", val="single")
    for piece in _CONTROLS.split(xml_text(text)):
        if piece == "\t":
            _element(r, "w:tab")
        elif piece in ("\n", "\r"):
            _element(r, "w:br")
        elif piece:
            t = _element(r, "w:t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(qn("xml:space"), "preserve")
    return r


def _add_field(p, code: str, face: str) -> None:
    """A PAGE or NUMPAGES field as Word writes it (a complex field); "1" shows until the reader lays out."""
    for part in ("begin", "instr", "separate", "result", "end"):
        r = _add_run(p, "1" if part == "result" else "", face)
        if part == "instr":
            SubElement(r, qn("w:instrText"), {qn("xml:space"): "preserve"}).text = f" {code} "
        elif part != "result":
            _element(r, "w:fldChar", fldCharType=part)


def _set_style(p, key: str):
    """Give paragraph ``p`` the layout style ``key`` by its id (python-docx's ``paragraph.style = name`` looks the
    name up among all styles and then the default one each time: 40 % of a document's time); its pPr returned."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    _set(ppr, _PPR, "w:pStyle", val=_STYLE_IDS[key])
    return ppr


def _write_paragraph(p, block: Paragraph, break_before: bool = False):
    """Fill an empty paragraph ``p`` from ``block``: its style, overrides and runs; its pPr returned."""
    face = _style(block.style)["docx_font"]
    ppr = _set_style(p, block.style)
    if block.keep_with_next:
        _set(ppr, _PPR, "w:keepNext")
    if block.keep_lines:
        _set(ppr, _PPR, "w:keepLines")
    if break_before:
        _set(ppr, _PPR, "w:pageBreakBefore")
    size = _style(block.style)["size"]
    indents = {}
    hanging = hanging_indents(block)
    if hanging:  # the style's hanging indent measured on this paragraph's text (an item of the attachment note)
        indents |= _chars("left", hanging[0], size) | _chars("hanging", -hanging[1], size)
    if block.right_indent_chars is not None:
        indents |= _chars("right", block.right_indent_chars, size)
    if indents:
        _set(ppr, _PPR, "w:ind", **indents)
    if block.align:
        _set(ppr, _PPR, "w:jc", val=JUSTIFICATION[block.align])
    for run in block.runs:
        _add_run(p, run.text, face, run.bold, run.underline)
    return ppr


def _write_spacer(end, spacer: Spacer, break_before: bool) -> None:
    """An empty body paragraph ``lines`` body lines high."""
    ppr = _write_paragraph(_add_paragraph(end), Paragraph((), "body"), break_before)
    leading = _twips_pt(spacer.lines * _style("body")["leading"])
    _set(ppr, _PPR, "w:spacing", before=0, after=0, line=leading, lineRule="exact")


def _write_picture(word, end, picture: Picture, break_before: bool) -> None:
    """A picture at its size on a line of its own, as high as the picture: its paragraph is set single-spaced in
    1 pt type (an exact line height would clip the picture in Word, a full-size one add the body face's descent
    below it), without indent, and names it with its description as alternative text."""
    p = _add_paragraph(end)
    ppr = _write_paragraph(p, Paragraph((), "body", align="center"), break_before)
    _set(ppr, _PPR, "w:spacing", before=0, after=0, line=240, lineRule="auto")
    _set(ppr, _PPR, "w:ind", firstLineChars=0, firstLine=0)
    _set(_set(ppr, _PPR, "w:rPr"), _RPR, "w:sz", val=2)
    r = _add_run(p, "", _style("body")["docx_font"])
    _set(r[0], _RPR, "w:spacing", val=0)  # not the body's grid tracking (r[0]: the run's rPr)
    _set(r[0], _RPR, "w:sz", val=2)
    shape = Run(r, word).add_picture(io.BytesIO(picture.png), Emu(round(picture.width * 12700)),
                                     Emu(round(picture.height * 12700)))
    inline = shape._inline
    inline.docPr.set("descr", picture.description)
    for side in "TBLR":  # no room around it (LibreOffice would otherwise keep 0.32 cm at the sides)
        inline.set(f"dist{side}", "0")


def _write_page_break(end) -> None:
    p = _add_paragraph(end)
    _set_style(p, "body")
    _element(_add_run(p, "", _style("body")["docx_font"]), "w:br", type="page")


def _write_end_mark(end) -> None:
    """A 1 pt high last paragraph after a final table: Word needs a paragraph there and would add one of a
    full line, which spills onto an extra blank page when the table fills the page."""
    _set(_set_style(_add_paragraph(end), "body"), _PPR, "w:spacing", before=0, after=0, line=20, lineRule="exact")


def _write_blocks(word, blocks) -> None:
    """The blocks in order. A page break becomes "page break before" on the next paragraph — a paragraph
    holding only a break leaves an empty line at the top of the new page in some readers — and a break
    paragraph only before a table, after another break or at the end."""
    end = word.element.body.find(qn("w:sectPr"))  # every block goes before it
    pending = False
    block = None
    for block in blocks:
        if isinstance(block, PageBreak):
            if pending:
                _write_page_break(end)
            pending = True
            continue
        if isinstance(block, Table):
            if pending:
                _write_page_break(end)
            _write_table(end, block)
        elif isinstance(block, Spacer):
            _write_spacer(end, block, pending)
        elif isinstance(block, Picture):
            _write_picture(word, end, block, pending)
        else:
            ppr = _write_paragraph(_add_paragraph(end), block, pending)
            if block.keep_with_next:  # a long one splits as in the PDF (pdf_pages): two lines at least each side
                _set(ppr, _PPR, "w:widowControl", val=1)
        pending = False
    if pending:
        _write_page_break(end)
    elif isinstance(block, Table):
        _write_end_mark(end)


def _column_twips(fractions: tuple[float, ...], total: int) -> list[int]:
    """Column widths in twips that add up to exactly ``total``."""
    edges, running = [0], 0.0
    for fraction in fractions:
        running += fraction
        edges.append(round(total * running / sum(fractions)))
    return [right - left for left, right in zip(edges, edges[1:], strict=False)]


def _write_table(end, table: Table) -> None:
    """A centred table as wide as the text block, fixed layout, single lines on every cell edge, and the PDF's
    cell padding on all four sides (Word's default, 1.9 mm left and right and none above and below, would
    break cell text and pages elsewhere than the PDF). Written as the elements python-docx's ``add_table``,
    ``add_row`` and ``merge`` would leave (those recompute the table's grid at every call: most of a form's
    writing), in the same order and with the same attributes."""
    widths = _column_twips(table.widths, _text_width_twips())
    tbl = OxmlElement("w:tbl")
    end.addprevious(tbl)
    tblpr = _element(tbl, "w:tblPr")
    _element(tblpr, "w:tblW", w=sum(widths), type="dxa")
    _element(tblpr, "w:jc", val="center")
    borders = _element(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _element(borders, f"w:{edge}", val="single", sz=4, space=0, color="000000")
    _element(tblpr, "w:tblLayout", type="fixed")
    margins = _element(tblpr, "w:tblCellMar")
    padding = _twips_mm(layout()["table"]["cell_padding_mm"])
    for edge in ("top", "left", "bottom", "right"):
        _element(margins, f"w:{edge}", w=padding, type="dxa")
    _element(tblpr, "w:tblLook", firstColumn=1, firstRow=1, lastColumn=0, lastRow=0, noHBand=0, noVBand=1,
             val="04A0")  # python-docx's new table's
    grid = _element(tbl, "w:tblGrid")
    for width in widths:
        _element(grid, "w:gridCol", w=width)
    for index, row in enumerate(table.rows):
        _write_row(tbl, row, widths, heading=index < table.header_rows)


def _write_row(tbl, row: Row, widths: list[int], heading: bool = False) -> None:
    """A row that is never split across pages (as in the PDF) unless it is a long one that ``splits`` there
    too, at least ``min_height_mm`` high; a ``heading`` row (the table's column heads) is repeated at the top of
    each page the table continues on; a heading row and a row ``keep_with_next`` (the signature rows that close a
    form, and the row before them) are kept with the next row, their paragraphs "keep with next" as Word and WPS
    read it in a table — of a row that ``splits`` only the last paragraph of each cell, so that the row breaks
    across the page and only its last lines go on with the next row, as in the PDF (``pdf_pages``), instead of
    moving whole to the next page. Columns the row's cells leave over stay empty cells."""
    if sum(cell.colspan for cell in row.cells) > len(widths):
        raise ValueError(f"a table row spans {sum(c.colspan for c in row.cells)} columns of {len(widths)}")
    tr = _element(tbl, "w:tr")
    if not row.splits or row.min_height_mm or heading:
        trpr = _element(tr, "w:trPr")  # children in schema order (CT_TrPr)
        if not row.splits:
            _element(trpr, "w:cantSplit")
        if row.min_height_mm:
            _element(trpr, "w:trHeight", val=_twips_mm(row.min_height_mm), hRule="atLeast")
        if heading:
            _element(trpr, "w:tblHeader")
    column = 0
    for cell in row.cells:
        tc = _add_cell(tr, widths[column:column + cell.colspan])
        _write_cell(tc, cell, keep=heading or row.keep_with_next, last_only=row.splits and not heading)
        column += cell.colspan
    for width in widths[column:]:
        _element(_add_cell(tr, [width]), "w:p")


def _add_cell(tr, widths: list[int]):
    """An empty cell spanning columns of ``widths`` (a merged one: their sum and a grid span), as python-docx
    writes it."""
    tc = _element(tr, "w:tc")
    tcpr = _element(tc, "w:tcPr")
    _element(tcpr, "w:tcW", type="dxa", w=sum(widths))
    if len(widths) > 1:
        _element(tcpr, "w:gridSpan", val=len(widths))
    return tc


def _write_cell(tc, cell: Cell, keep: bool = False, last_only: bool = False) -> None:
    """The cell's paragraphs; with ``keep`` each is kept with the next row (column heads and signature rows never
    end a page), or with ``last_only`` its last one alone (a long row that splits: the lines before it may stay on
    the page before)."""
    blocks = cell.paragraphs or (Paragraph((), "cell"),)
    for index, block in enumerate(blocks):
        kept = keep and (not last_only or index == len(blocks) - 1)
        _write_paragraph(_element(tc, "w:p"), replace(block, keep_with_next=True) if kept else block)


def _write_footer(word, document: Document) -> None:
    """``document.footer`` on every page, or GB/T 9704 page numbers: "— N —" in 4号 Song, on odd pages at the
    right and on even pages at the left, one character in from the text block's edge."""
    section = word.sections[0]
    if document.footer:
        lines = document.footer.split("\n")
        for index, line in enumerate(lines):
            paragraph = section.footer.paragraphs[0] if index == 0 else section.footer.add_paragraph()
            _write_footer_line(paragraph._p, line)
        _place_footer(section, "footer", len(lines))
    elif document.page_numbers:
        word.settings.odd_and_even_pages_header_footer = True
        _write_page_number(section.footer.paragraphs[0]._p, "right")
        _write_page_number(section.even_page_footer.paragraphs[0]._p, "left")
        _place_footer(section, "page_number", 1)


def _write_footer_line(p, line: str) -> None:
    """A footer line in style ``footer`` with ``{page}`` and ``{pages}`` as PAGE and NUMPAGES fields."""
    face = _style("footer")["docx_font"]
    _write_paragraph(p, Paragraph((), "footer"))
    for piece in _FIELD.split(line):
        if piece in FIELD_CODES:
            _add_field(p, FIELD_CODES[piece], face)
        elif piece:
            _add_run(p, piece, face)


def _write_page_number(p, side: str) -> None:
    spec = _style("page_number")
    ppr = _write_paragraph(p, Paragraph((), "page_number"))
    _set(ppr, _PPR, "w:ind", **_chars(side, 1, spec["size"]))
    _set(ppr, _PPR, "w:jc", val=side)
    _add_run(p, "— ", spec["docx_font"])
    _add_field(p, "PAGE", spec["docx_font"])
    _add_run(p, " —", spec["docx_font"])


def _place_footer(section, style: str, lines: int) -> None:
    """The footer's first line starts ``page_number_gap_mm`` below the text block. Word measures the footer
    distance from the paper's bottom edge to the footer's last line, whose height is the style's leading."""
    page = layout()["page"]
    top = _twips_mm(page["bottom_mm"] - page["page_number_gap_mm"])
    section.footer_distance = Twips(top - lines * _twips_pt(_style(style)["leading"]))


def _timestamp(value: str | None) -> dt.datetime | None:
    """Midnight of an ISO (2026-03-22) or Chinese (2026年3月22日) date; None for none or another form."""
    text = (value or "").strip()
    match = _CHINESE_DATE.fullmatch(text)
    try:
        day = dt.date(*map(int, match.groups())) if match else dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day)


def _core_properties(word, document: Document) -> None:
    """Title and the app as author; created/modified from ``metadata["date"]``, else left out (never the
    clock, so equal documents give equal bytes)."""
    props = word.core_properties
    props.title = document.title
    props.author = props.last_modified_by = AUTHOR
    props.comments = ""
    props.language = "zh-CN"
    props.revision = 1
    when = _timestamp(document.metadata.get("date"))
    if when:
        props.created = props.modified = when
        return
    element = props._element
    for tag in ("dcterms:created", "dcterms:modified"):
        for old in element.findall(qn(tag)):
            element.remove(old)


def _drop_template_extras(word) -> None:
    """Drop two parts of python-docx's template: the thumbnail (a blank page, which file browsers would show
    for every document) and stylesWithEffects.xml (a Word 2010 copy of the styles without ours in it)."""
    for rels in (word.part.package.rels, word.part.rels):
        for rid in [rid for rid, rel in rels.items() if rel.reltype in _EXTRAS]:
            del rels[rid]


class _DatedZip:
    """What python-docx's package writer writes each part to (``write(partname, bytes)``): a zip whose entries
    all bear ``_ZIP_DATE``, as ``fixed_zip_dates`` would re-zip python-docx's own (stamped with the clock)."""

    def __init__(self, out):
        self._zip = zipfile.ZipFile(out, "w")

    def write(self, partname, blob: bytes) -> None:
        info = zipfile.ZipInfo(partname.membername, date_time=_ZIP_DATE)
        info.create_system = 0
        self._zip.writestr(info, blob, compress_type=zipfile.ZIP_DEFLATED)

    def close(self) -> None:
        self._zip.close()


def _saved(word) -> bytes:
    """The bytes of ``word`` saved as python-docx's ``save`` then ``fixed_zip_dates`` would give them, each part
    compressed once rather than zipped, unzipped and zipped again."""
    package = word.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    out = io.BytesIO()
    target = _DatedZip(out)
    # PackageWriter.write's three steps, with our zip in place of the one it opens
    PackageWriter._write_content_types_stream(target, parts)
    PackageWriter._write_pkg_rels(target, package.rels)
    PackageWriter._write_parts(target, parts)
    target.close()
    return out.getvalue()


def fixed_zip_dates(package: bytes) -> bytes:
    """The package re-zipped with a fixed date on every entry (python-docx and openpyxl stamp them with the
    clock), so the same content gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_DATE)
            info.create_system = 0
            target.writestr(info, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
