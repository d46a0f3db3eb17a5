"""The DOCX writer: renders document blocks (``blocks.py``) with python-docx into a Word file that Word, WPS
and LibreOffice lay out like the PDF — the GB/T 9704 page of ``layout.toml``, one paragraph style per layout
style with its East Asian font written on the style and on every run (python-docx sets only Latin fonts),
exact line pitch, the Chinese line-breaking rules of ``linebreak.py`` as Word settings, ruled fixed-width
tables, pictures at their size, and on every page either the document's footer line or "— N —" page numbers.
Equal documents give equal bytes: no user name from the machine and no clock time, neither in the properties nor
in the zip."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace
from functools import cache

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Twips
from docx.styles.style import StyleFactory

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
from workstation.documents.linebreak import NO_END, NO_START

AUTHOR = "案卷工作站"
JUSTIFICATION = {"left": "left", "center": "center", "right": "right", "justify": "both"}
FIELD_CODES = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
_FIELD = re.compile(r"(\{pages?\})")
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_EXTRAS = (RT.THUMBNAIL, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects")


def _schema(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


# Child order of the elements we write into (ECMA-376 CT_PPrBase, CT_RPr, CT_TblPr, the tail of CT_Settings):
# Word refuses a part whose children are out of schema order.
_PPR = _schema("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
               "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
               "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
               "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange")
_RPR = _schema("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
               "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
               "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath")
_TBLPR = _schema("tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
                 "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription")
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
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def render_docx(document: Document) -> bytes:
    """The DOCX file of ``document``: same page setup, styles and text as the PDF writer's output."""
    word = docx.Document(io.BytesIO(_base()))
    _write_blocks(word, document.blocks)
    _write_footer(word, document)
    _core_properties(word, document)
    _drop_template_extras(word)
    out = io.BytesIO()
    word.save(out)
    return fixed_zip_dates(out.getvalue())


def style_name(key: str) -> str:
    """The Word style name of a layout style: ``body`` → "WS Body", ``cell_label`` → "WS Cell Label"."""
    return "WS " + key.replace("_", " ").title()


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


# the style id python-docx gave each layout style, by key: a paragraph names its style by id (``_set_style``)
_STYLE_IDS: dict[str, str] = {}


def _add_style(word, key: str, spec: dict) -> None:
    """One paragraph style of layout.toml: face, size, bold, alignment, exact leading, indents in characters, and
    on the page's character grid the character spacing that puts 28 characters on a line, as in the PDF."""
    # the styles element's own add, not Styles.add_style: that first compares the name with every style already
    # there (~180 in python-docx's template, once per style added: ~35 ms a document); ours are new, "WS …" names
    style = StyleFactory(word.styles.element.add_style_of_type(style_name(key), WD_STYLE_TYPE.PARAGRAPH, False))
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


def _add_run(paragraph, text: str, face: str, bold: bool = False, underline: bool = False):
    run = paragraph.add_run()
    rpr = run._r.get_or_add_rPr()
    _fonts(rpr, face)
    if bold:
        _set(rpr, _RPR, "w:b")
    if underline:
        _set(rpr, _RPR, "w:u", val="single")
    run.text = text
    return run


def _add_field(paragraph, code: str, face: str) -> None:
    """A PAGE or NUMPAGES field as Word writes it (a complex field); "1" shows until the reader lays out."""
    for part in ("begin", "instr", "separate", "result", "end"):
        run = _add_run(paragraph, "1" if part == "result" else "", face)
        if part == "instr":
            instr = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
            instr.text = f" {code} "
            run._r.append(instr)
        elif part != "result":
            run._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): part}))


def _set_style(paragraph, key: str):
    """Give a paragraph the layout style ``key`` by its id (python-docx's ``paragraph.style = name`` looks the name
    up among all styles and then the default one each time: 40 % of a document's time); its pPr returned."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.style = _STYLE_IDS[key]
    return ppr


def _write_paragraph(paragraph, block: Paragraph, break_before: bool = False) -> None:
    """Fill an empty python-docx paragraph from ``block``: its style, overrides and runs."""
    face = _style(block.style)["docx_font"]
    ppr = _set_style(paragraph, block.style)
    if block.keep_with_next:
        _set(ppr, _PPR, "w:keepNext")
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
        _add_run(paragraph, run.text, face, run.bold, run.underline)


def _write_spacer(word, spacer: Spacer, break_before: bool) -> None:
    """An empty body paragraph ``lines`` body lines high."""
    paragraph = word.add_paragraph()
    _write_paragraph(paragraph, Paragraph((), "body"), break_before)
    leading = _twips_pt(spacer.lines * _style("body")["leading"])
    _set(paragraph._p.get_or_add_pPr(), _PPR, "w:spacing", before=0, after=0, line=leading, lineRule="exact")


def _write_picture(word, picture: Picture, break_before: bool) -> None:
    """A picture at its size on a line of its own, as high as the picture: its paragraph is set single-spaced in
    1 pt type (an exact line height would clip the picture in Word, a full-size one add the body face's descent
    below it), without indent, and names it with its description as alternative text."""
    paragraph = word.add_paragraph()
    _write_paragraph(paragraph, Paragraph((), "body", align="center"), break_before)
    ppr = paragraph._p.get_or_add_pPr()
    _set(ppr, _PPR, "w:spacing", before=0, after=0, line=240, lineRule="auto")
    _set(ppr, _PPR, "w:ind", firstLineChars=0, firstLine=0)
    _set(_set(ppr, _PPR, "w:rPr"), _RPR, "w:sz", val=2)
    run = _add_run(paragraph, "", _style("body")["docx_font"])
    _set(run._r.get_or_add_rPr(), _RPR, "w:spacing", val=0)  # not the body's grid tracking
    _set(run._r.get_or_add_rPr(), _RPR, "w:sz", val=2)
    shape = run.add_picture(io.BytesIO(picture.png), Emu(round(picture.width * 12700)),
                            Emu(round(picture.height * 12700)))
    inline = shape._inline
    inline.docPr.set("descr", picture.description)
    for side in "TBLR":  # no room around it (LibreOffice would otherwise keep 0.32 cm at the sides)
        inline.set(f"dist{side}", "0")


def _write_page_break(word) -> None:
    paragraph = word.add_paragraph()
    _set_style(paragraph, "body")
    _add_run(paragraph, "", _style("body")["docx_font"]).add_break(WD_BREAK.PAGE)


def _write_end_mark(word) -> None:
    """A 1 pt high last paragraph after a final table: Word needs a paragraph there and would add one of a
    full line, which spills onto an extra blank page when the table fills the page."""
    paragraph = word.add_paragraph()
    _set(_set_style(paragraph, "body"), _PPR, "w:spacing", before=0, after=0, line=20, lineRule="exact")


def _write_blocks(word, blocks) -> None:
    """The blocks in order. A page break becomes "page break before" on the next paragraph — a paragraph
    holding only a break leaves an empty line at the top of the new page in some readers — and a break
    paragraph only before a table, after another break or at the end."""
    pending = False
    block = None
    for block in blocks:
        if isinstance(block, PageBreak):
            if pending:
                _write_page_break(word)
            pending = True
            continue
        if isinstance(block, Table):
            if pending:
                _write_page_break(word)
            _write_table(word, block)
        elif isinstance(block, Spacer):
            _write_spacer(word, block, pending)
        elif isinstance(block, Picture):
            _write_picture(word, block, pending)
        else:
            paragraph = word.add_paragraph()
            _write_paragraph(paragraph, block, pending)
            if block.keep_with_next:  # a long one splits as in the PDF (pdf_pages): two lines at least each side
                _set(paragraph._p.get_or_add_pPr(), _PPR, "w:widowControl", val=1)
        pending = False
    if pending:
        _write_page_break(word)
    elif isinstance(block, Table):
        _write_end_mark(word)


def _column_twips(fractions: tuple[float, ...], total: int) -> list[int]:
    """Column widths in twips that add up to exactly ``total``."""
    edges, running = [0], 0.0
    for fraction in fractions:
        running += fraction
        edges.append(round(total * running / sum(fractions)))
    return [right - left for left, right in zip(edges, edges[1:], strict=False)]


def _write_table(word, table: Table) -> None:
    """A centred table as wide as the text block, fixed layout, single lines on every cell edge, and the PDF's
    cell padding on all four sides (Word's default, 1.9 mm left and right and none above and below, would
    break cell text and pages elsewhere than the PDF)."""
    widths = _column_twips(table.widths, _text_width_twips())
    grid = word.add_table(rows=0, cols=len(widths))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Twips(width)
    tblpr = grid._tbl.tblPr
    _set(tblpr, _TBLPR, "w:tblW", w=sum(widths), type="dxa")
    borders = _set(tblpr, _TBLPR, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(OxmlElement(f"w:{edge}", {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0",
                                                 qn("w:color"): "000000"}))
    margins = _set(tblpr, _TBLPR, "w:tblCellMar")
    padding = _twips_mm(layout()["table"]["cell_padding_mm"])
    for edge in ("top", "left", "bottom", "right"):
        margins.append(OxmlElement(f"w:{edge}", {qn("w:w"): str(padding), qn("w:type"): "dxa"}))
    for index, row in enumerate(table.rows):
        _write_row(grid, row, len(widths), heading=index < table.header_rows)


def _write_row(grid, row: Row, columns: int, heading: bool = False) -> None:
    """A row that is never split across pages (as in the PDF) unless it is a long one that ``splits`` there
    too, at least ``min_height_mm`` high; a ``heading`` row (the table's column heads) is repeated at the top of
    each page the table continues on; a heading row and a row ``keep_with_next`` (the signature rows that close a
    form, and the row before them) are kept with the next row, their paragraphs "keep with next" as Word and WPS
    read it in a table."""
    if sum(cell.colspan for cell in row.cells) > columns:
        raise ValueError(f"a table row spans {sum(c.colspan for c in row.cells)} columns of {columns}")
    target = grid.add_row()
    if not row.splits:
        target._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if heading:
        target._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    if row.min_height_mm:
        target.height = Twips(_twips_mm(row.min_height_mm))
        target.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    column = 0
    for cell in row.cells:
        place = target.cells[column]
        if cell.colspan > 1:
            place = place.merge(target.cells[column + cell.colspan - 1])
        _write_cell(place, cell, keep=heading or row.keep_with_next)
        column += cell.colspan


def _write_cell(place, cell: Cell, keep: bool = False) -> None:
    """The cell's paragraphs; with ``keep`` each is kept with the next row (column heads and signature rows never
    end a page)."""
    for index, block in enumerate(cell.paragraphs or (Paragraph((), "cell"),)):
        _write_paragraph(place.paragraphs[0] if index == 0 else place.add_paragraph(),
                         replace(block, keep_with_next=True) if keep else block)


def _write_footer(word, document: Document) -> None:
    """``document.footer`` on every page, or GB/T 9704 page numbers: "— N —" in 4号 Song, on odd pages at the
    right and on even pages at the left, one character in from the text block's edge."""
    section = word.sections[0]
    if document.footer:
        lines = document.footer.split("\n")
        for index, line in enumerate(lines):
            paragraph = section.footer.paragraphs[0] if index == 0 else section.footer.add_paragraph()
            _write_footer_line(paragraph, line)
        _place_footer(section, "footer", len(lines))
    elif document.page_numbers:
        word.settings.odd_and_even_pages_header_footer = True
        _write_page_number(section.footer.paragraphs[0], "right")
        _write_page_number(section.even_page_footer.paragraphs[0], "left")
        _place_footer(section, "page_number", 1)


def _write_footer_line(paragraph, line: str) -> None:
    """A footer line in style ``footer`` with ``{page}`` and ``{pages}`` as PAGE and NUMPAGES fields."""
    face = _style("footer")["docx_font"]
    _write_paragraph(paragraph, Paragraph((), "footer"))
    for piece in _FIELD.split(line):
        if piece in FIELD_CODES:
            _add_field(paragraph, FIELD_CODES[piece], face)
        elif piece:
            _add_run(paragraph, piece, face)


def _write_page_number(paragraph, side: str) -> None:
    spec = _style("page_number")
    _write_paragraph(paragraph, Paragraph((), "page_number"))
    ppr = paragraph._p.get_or_add_pPr()
    _set(ppr, _PPR, "w:ind", **_chars(side, 1, spec["size"]))
    _set(ppr, _PPR, "w:jc", val=side)
    _add_run(paragraph, "— ", spec["docx_font"])
    _add_field(paragraph, "PAGE", spec["docx_font"])
    _add_run(paragraph, " —", spec["docx_font"])


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
