"""From a form, its checked values and (once issued) its 文号 to the blocks a writer renders: placeholders
filled and formatted, conditional blocks kept or dropped, tables built, multi-line values split into
paragraphs of the same style."""

from __future__ import annotations

import re
from dataclasses import replace

from workstation.documents.blocks import (
    Block,
    Cell,
    Document,
    PageBreak,
    Paragraph,
    Row,
    Spacer,
    Table,
    centred_on_date,
    layout,
)
from workstation.documents.columns import fit_columns
from workstation.documents.fitting import (
    COMPACT_STYLES,
    SMALL_STYLES,
    between_tables,
    compact_cells,
    fit_blank_rows,
    fit_closing,
    fit_letter,
    fit_page,
    fit_titles,
    mark_long_rows,
    small_type,
)
from workstation.documents.glyphs import field_texts, printable, printable_values
from workstation.formkit.qa import printed as printed_pairs
from workstation.formkit.spec import BlockSpec, FormSpec, ItemSpec
from workstation.formkit.template import added, placeholders, render, row_cells

DRAFT_NUMBER = "（文号在签发时生成）"


def _shown(block: BlockSpec | ItemSpec, values: dict) -> bool:
    """Whether a block's (or a list item's) ``when`` holds (see ``condition_holds``)."""
    return condition_holds(block.when, values)


def condition_holds(when: str, values: dict) -> bool:
    """Whether a ``when`` condition (of a block, a list item or a table row) holds: "field" when the field has a
    value, "a|b" when any of them has one, "!field" (or "!a|b") when none has; "a&!b" when each of its parts
    holds; an empty condition always holds."""
    return not when or all(_holds(part, values) for part in when.split("&"))


def _holds(condition: str, values: dict) -> bool:
    negate = condition.startswith("!")
    present = any(values.get(name) not in (None, "", 0, False, []) for name in condition.lstrip("!").split("|"))
    return present != negate


#: How a paragraph that introduces what follows it ends (上述事实，有下列证据证明： / 其中： / the addressee line).
LEAD_IN = ("：", ":")


def _paragraphs(text: str, style: str, align: str | None, keep: bool = False) -> list[Paragraph]:
    """A paragraph of ``style`` per line of ``text``; the attachment note as ``attachment_note`` sets it. A line
    ending in a colon introduces what follows it and is kept on its page, never left at the foot of a page."""
    if style == "attachment":
        return attachment_note(text, align, keep)
    return [Paragraph.of(line, style, align=align, keep_with_next=keep or line.rstrip().endswith(LEAD_IN),
                         **_after_label(line, style)) for line in text.split("\n")]


def _after_label(line: str, style: str) -> dict:
    """How a line in a style with ``hang_after_label`` (layout.toml: the 抄送 line, GB/T 9704 7.4.2) is set: one
    beginning with a label ending in a colon with a hanging indent, so that what runs on stands under the first
    character after the colon (``Paragraph.hanging``), and whole on one page (``keep_lines``: a list of bodies is
    not cut between pages); nothing for another line or style."""
    if not layout()["styles"].get(style, {}).get("hang_after_label"):
        return {}
    label = _LABEL.match(line)
    return {"hanging": ("", label.group()), "keep_lines": True} if label else {}


# the label of the attachment note ("附件：") and the number of an attachment ("1." "2、" "（3）")
_LABEL = re.compile(r"[^：:]{1,6}[：:]")
_NUMBER = re.compile(r"\s*(?:\d+\s*[.．、]|[（(]\d+[）)])")


def attachment_note(text: str, align: str | None = None, keep: bool = False) -> list[Paragraph]:
    """The attachment note (GB/T 9704 7.3.4) in the ``attachment`` style, one paragraph per attachment (its blank
    lines left out), each kept with the next: "附件：1.……" on the first line, the next numbers under "1.", and a
    name that runs on under the first character of its name, not under its number (``Paragraph.hanging``)."""
    lines = [line for line in text.split("\n") if line.strip()] or [""]
    label = _LABEL.match(lines[0])
    label = label.group() if label else ""
    out = []
    for index, line in enumerate(lines):
        number = _NUMBER.match(line, len(label) if index == 0 else 0)
        number = number.group() if number else ""
        hanging = ("", label + number) if index == 0 else (label, number)
        out.append(Paragraph.of(line, "attachment", align=align, keep_with_next=keep or index < len(lines) - 1,
                                hanging=hanging))
    return out


def _table(block: BlockSpec, values: dict) -> Table:
    """The table's rows whose condition holds (each keeping its own height), then the repeated and blank rows
    (all ``blank_rows`` of them: ``compose`` keeps those that fill the page, ``fit_blank_rows``); the header rows
    repeated on each page are those of its first ``header_rows`` that are printed."""
    rows, header_rows = [], 0
    for index, row in enumerate(block.rows):
        if not condition_holds(block.row_when[index] if index < len(block.row_when) else "", values):
            continue
        repeated = block.row_repeat[index] if index < len(block.row_repeat) else ""
        if repeated:  # a group of rows in its place: each party's 当事人 rows
            height = block.heights[index] if index < len(block.heights) else 0
            rows += [Row(labelled_cells(line, len(block.widths)), min_height_mm=height)
                     for line in filter(str.strip, str(values.get(repeated) or "").split("\n"))]
            header_rows += index < block.header_rows
            continue
        cells = tuple(kept_lines(Cell.of(render(cell.text, values), "cell_label" if cell.label else "cell",
                                         colspan=cell.span), cell.keep_lines) for cell in row)
        height = block.heights[index] if index < len(block.heights) else 0
        rows.append(Row(cells, min_height_mm=height))
        header_rows += index < block.header_rows
    columns = len(block.widths)
    lines = str(values.get(block.repeat) or "").split("\n") if block.repeat else []
    for line in filter(str.strip, lines):
        rows.append(Row(repeated_cells(line, columns), min_height_mm=block.row_height))
    # one row object for all the blank rows: the layout keeps a set row under it (``pdf_pages.set_table``), found by
    # identity rather than compared cell by cell for each of them on each count of them tried (``fit_blank_rows``)
    rows += [Row(tuple(Cell.of("") for _column in range(columns)), min_height_mm=block.row_height)] * block.blank_rows
    table = keep_signature_rows(Table(tuple(rows), block.widths, header_rows=header_rows))
    if block.cell_size:
        table = compact_cells(table, SMALL_STYLES if block.cell_size == "small" else COMPACT_STYLES)
    return mark_long_rows(fit_columns(table, block.one_line) if block.one_line else table)


#: what a cell of a row signed by hand prints besides blanks: where to sign and date (签名（捺指印）：, 年 月 日, 盖章,
#: or the date the case records: 2026年2月26日) and who signs there (执法人员：, 主持人：, 记录人：)
_SIGNING = re.compile(r"(签名|签字|盖章|捺指印|\d{1,4}[年月日]|[年月日]|主持人|听证员|记录员|询问人|记录人|执法人员|见证人|"
                      r"[（()）：:、\s\u3000＿_])*")
#: a label of a row signed by hand: 当事人（在场人）意见, 部门负责人审批意见, 见证人签名, 被约谈单位（盖章）
_SIGNING_LABEL = re.compile(r"意见|签名|签字|盖章|签章")
#: a label of a row naming who signs: 审核人员, 办案人员, 执法证号
_SIGNERS_LABEL = re.compile(r"人员|证号|审核人|承办人|经办人")
#: what a sentence has and a list of names, numbers and dates has not
_SENTENCE = re.compile(r"[。，；,;]")


def signing_row(row: Row) -> bool:
    """Whether ``row`` is signed by hand: its labels ask for a signature or an opinion, and its other cells print
    nothing but where to sign and date (a row that prints an officer's proposal or names is not)."""
    texts = [("\n".join(p.text for p in cell.paragraphs), all(p.style.startswith("cell_label")
                                                               for p in cell.paragraphs) and bool(cell.paragraphs))
             for cell in row.cells]
    return any(label and _SIGNING_LABEL.search(text) for text, label in texts) and all(
        _SIGNING_LABEL.search(text) if label else _SIGNING.fullmatch(text) for text, label in texts)


def signers_row(row: Row) -> bool:
    """Whether ``row`` names who signs the rows after it — the 法制审核表's 审核人员 (names, 签名 and the date), the
    立案审批表's 办案人员 and 执法证号 —: a label such as 人员 or 证号, and cells printing names, numbers, where to sign
    and dates, never a sentence. It prints something, yet goes with the signature rows rather than stand for the
    text they are kept with."""
    texts = [("\n".join(p.text for p in cell.paragraphs), all(p.style.startswith("cell_label")
                                                               for p in cell.paragraphs) and bool(cell.paragraphs))
             for cell in row.cells]
    return any(label and _SIGNERS_LABEL.search(text) for text, label in texts) and not any(
        _SENTENCE.search(text) for text, label in texts if not label)


def _printed(row: Row) -> bool:
    """Whether a cell of ``row`` other than its labels prints something (an empty 备注 row does not)."""
    return any(p.text.strip("\u3000 ") for cell in row.cells for p in cell.paragraphs
               if not p.style.startswith("cell_label"))


def kept_lines(cell: Cell, keep: bool) -> Cell:
    """``cell`` with each of its paragraphs kept on one page when its row splits (``Paragraph.keep_lines``), when
    ``keep``."""
    return replace(cell, paragraphs=tuple(replace(p, keep_lines=True) for p in cell.paragraphs)) if keep else cell


def keep_signature_rows(table: Table) -> Table:
    """``table`` with the signature rows that close it kept together and with the last row before them that prints
    something (and the empty ones between), so that they never stand alone on a page (a long row before them leaves
    two lines at least with them: ``pdf_pages``). Rows naming the signers just before them (``signers_row``: the
    审核人员, the 办案人员) go with them too: they print names, not the text the signatures close."""
    first = len(table.rows)
    while first > table.header_rows and signing_row(table.rows[first - 1]):
        first -= 1
    if first == len(table.rows):
        return table
    while first > table.header_rows + 1 and signers_row(table.rows[first - 1]):
        first -= 1
    start = max(first - 1, table.header_rows)
    while start > table.header_rows and not _printed(table.rows[start]):
        start -= 1
    return replace(table, rows=tuple(replace(row, keep_with_next=True) if start <= index < len(table.rows) - 1
                                     else row for index, row in enumerate(table.rows)))


def signing_table(block: Block) -> bool:
    """Whether ``block`` is a table of signature rows only (the confirmation that closes a 笔录)."""
    return isinstance(block, Table) and bool(block.rows) and all(map(signing_row, block.rows[block.header_rows:]))


def repeated_cells(line: str, columns: int) -> tuple[Cell, ...]:
    """The cells of a row that a line of a repeated field gives: one per column, the missing ones empty; a line
    without a separator fills the whole row; more columns than the table has (refused when the values are
    checked) end up in its last column."""
    parts = row_cells(line)
    if len(parts) == 1:
        return (Cell.of(parts[0], colspan=columns),)
    parts = parts[:columns - 1] + ["　".join(parts[columns - 1:])] if len(parts) > columns else parts
    return tuple(Cell.of(part) for part in parts + [""] * (columns - len(parts)))


def labelled_cells(line: str, columns: int) -> tuple[Cell, ...]:
    """The cells of a line of a field a row repeats in its place (``row_repeat``): its columns alternate label and
    value (当事人 | 朱子轩, 身份证件号码 | … | 联系电话 | …), the last one spanning the columns left over; columns
    beyond the table's run on in its last cell."""
    parts = row_cells(line)
    if len(parts) > columns:
        parts = parts[:columns - 1] + ["　".join(parts[columns - 1:])]
    cells = [Cell.of(part, "cell_label" if index % 2 == 0 else "cell") for index, part in enumerate(parts)]
    cells[-1] = Cell.of(parts[-1], "cell_label" if (len(parts) - 1) % 2 == 0 else "cell",
                        colspan=columns - len(parts) + 1)
    return tuple(cells)


# what an item may end with as typed, replaced by the list's own punctuation
ITEM_END = "；;。.，,、 　"


def _list(block: BlockSpec, values: dict) -> list[Paragraph]:
    """The items whose condition holds, one paragraph each: all but the last end with the separator, the
    last with the end mark, whatever combination is printed (numbered when more than one and asked for)."""
    texts = [render(item.text, values).rstrip(ITEM_END) for item in block.items if _shown(item, values)]
    numbered = block.numbered and len(texts) > 1
    out = []
    for index, text in enumerate(texts, start=1):
        mark = block.end if index == len(texts) else block.separator
        out += _paragraphs(f"{index}.{text}{mark}" if numbered else f"{text}{mark}", block.style or "body",
                           block.align or None, block.keep_with_next)
    return out


def listed_items(form: FormSpec, values: dict) -> list[str]:
    """The items of the form's first list block that its values print (a decision's penalties: 警告, 罚款¥… ),
    rendered, without their punctuation; [] for a form without a list."""
    block = next((b for b in form.blocks if b.kind == "list"), None)
    if block is None:
        return []
    return [render(item.text, values).rstrip(ITEM_END) for item in block.items if _shown(item, values)]


def _blocks(block: BlockSpec, values: dict, form: FormSpec) -> list[Block]:
    align = block.align or None
    if block.kind == "agency":
        return _paragraphs(render(block.text or "{agency}", values), block.style or "agency", align)
    if block.kind == "title":  # a line break in its text is where it breaks when too long for one line (fit_titles)
        return [Paragraph.of(render(block.text or "{title}", values).strip("\n"), block.style or "title", align=align)]
    if block.kind == "number":
        return _paragraphs(render(block.text or "{number}", values), block.style or "number", align)
    if block.kind == "heading":
        style = block.style or ("heading1" if block.level == 1 else "heading2")
        return _paragraphs(render(block.text, values), style, align, keep=True)
    if block.kind == "paragraph":  # a heading of a field's template left empty is ruled by ``ruled:N``
        headings = {field.name: field.heading_line for field in form.fields if field.headings}
        return _paragraphs(render(block.text, values, headings), block.style or "body", align, block.keep_with_next)
    if block.kind == "table":
        return [_table(block, values)]
    if block.kind == "list":
        return _list(block, values)
    if block.kind == "signature":
        lines = [p for line in block.lines for p in _paragraphs(render(line, values), block.style or "signature",
                                                                    align)]
        lines = centred_on_date(lines)
        return [replace(p, keep_with_next=True) for p in lines[:-1]] + lines[-1:]
    if block.kind == "spacer":
        return [Spacer(block.lines if isinstance(block.lines, float) else 1)]
    return [PageBreak()]


#: the most paragraphs before a 落款 kept with it (``keep_with_signature``) in search of a sentence of the text
KEPT_CLOSING = 4


def keep_with_signature(blocks: list[Block]) -> None:
    """A signature never stands alone on a page: the spacers before it become kept blank lines and the paragraphs
    before them are kept with them, so the signature moves to a new page only with text above it — at least the
    last two lines of the text, and of them a sentence (GB/T 9704-2012 7.3.5: the 落款 and 成文日期 on the page of
    the text): the paragraphs are kept back to the last that ends a sentence (。！？) — past the contact lines
    (联系人：… / 联系地址：…) and the blank line above them, which becomes a kept blank line too — and to the one
    before it when that takes one line only; no more than ``KEPT_CLOSING`` of them. The attachment note (附件：…,
    GB/T 9704 7.3.4, one paragraph per attachment) between the text and the 落款 is kept with them whole and counts
    as none of them: a note of four attachments would otherwise take the place of the text and leave the 落款 on a
    page without it. A long one splits leaving two lines at least with them (``pdf_pages.Flow.lines``). After a table (the signature rows of a 当场处罚决定书 or a
    送达回证, the list of a 证据提取单 before its confirmation) its last row that prints something is kept with them,
    with the blank rows after it (``_keep_last_rows``)."""
    index = len(blocks)
    while index and isinstance(blocks[index - 1], Spacer):
        index -= 1
    blank_lines = _kept_blank_lines(blocks[index:])
    del blocks[index:]
    if index and isinstance(blocks[index - 1], Table):
        blocks[index - 1] = _keep_last_rows(blocks[index - 1])
    lines = kept = 0
    noted = False  # the attachment note is kept with the 落款: the text above it is still to be kept
    at = index - 1
    while at >= 0 and kept < KEPT_CLOSING:
        block = blocks[at]
        if isinstance(block, Spacer) and (kept or noted):  # between the closing lines and the text: a kept blank line
            blocks[at:at + 1] = _kept_blank_lines([block])
            at -= 1
            continue
        if not isinstance(block, Paragraph):
            break
        blocks[at] = replace(block, keep_with_next=True)
        if block.style == "attachment":
            noted = True
            at -= 1
            continue
        lines, kept = lines + _line_count(block), kept + 1
        if lines >= 2 and block.text.rstrip().endswith(("。", "！", "？")):
            break
        at -= 1
    blocks += blank_lines


def _keep_last_rows(table: Table) -> Table:
    """``table`` with its last row that prints something (past its column heads) and the empty rows after it (ruled
    blank rows: ``fit_blank_rows`` keeps the first of them, each kept with the next) kept with the next, the last of
    them with what follows the table (``pdf_pages``): a signature never goes to a page without a row of the table."""
    start = len(table.rows) - 1
    while start > table.header_rows and not _printed(table.rows[start]):
        start -= 1
    return replace(table, rows=tuple(replace(row, keep_with_next=True) if index >= start else row
                                     for index, row in enumerate(table.rows)))


def _kept_blank_lines(spacers: list[Block]) -> list[Paragraph]:
    """Empty lines as high as ``spacers``, each kept with the next (a spacer is dropped at a page break)."""
    return [Paragraph.of("\u3000", "plain", keep_with_next=True)
            for spacer in spacers for _line in range(max(1, round(spacer.lines)))]


def _line_count(paragraph: Paragraph) -> int:
    """How many lines ``paragraph`` takes across the text block, as the PDF sets it (the DOCX breaks alike)."""
    from workstation.documents.fonts import resolve_fonts
    from workstation.documents.pdf_layout import measurer, paragraph_lines
    from workstation.documents.pdf_pages import Frame

    if not paragraph.text.strip():
        return 0
    return len(paragraph_lines(paragraph, Frame.from_layout().text_width, measurer(resolve_fonts())))


def compose(form: FormSpec, values: dict, *, agency: str, case_number: str = "", number: str | None = None,
            date: str | None = None) -> Document:
    """The document of ``form`` for these checked values; without ``number`` it is a draft. The built-in
    ``blank_rows`` holds while the document prints ruled blank rows: a form whose tables keep none of theirs
    (``fit_blank_rows``) is composed again without it, so that what is said of them (the 卷内文件目录's note that
    other materials are written into the blank rows) is left out with them. Text pasted with tabs, Word's line breaks
    or other control characters prints as ``glyphs.printable`` makes it, a question-and-answer list's lines as
    typed (``qa.printed``). The form's ``totals`` print the sums of their parts as ``values`` hold them
    (``template.added``), never a value of their own."""
    values = {**printable_values(values), **{name: added(values, parts) for name, parts in form.totals},
              **{field.name: printable(printed_pairs(values[field.name])) for field in form.fields
                 if field.type == "qa" and isinstance(values.get(field.name), str)},
              "number": number or DRAFT_NUMBER, "agency": printable(agency),
              "title": form.title,
              "case_number": case_number,
              "blank_rows": any(block.kind == "table" and block.blank_rows for block in form.blocks)}
    document, fitted, blank = _document(form, values, date)
    printed, kept = 0, []
    least = {i: block.min_blank_rows for i, block in _blank_tables(form, values)} \
        if any(block.min_blank_rows for block in form.blocks) else {}
    for index, count in blank:  # only as many blank rows as fill the page of the last listed row
        rows = len(document.blocks[index].rows)
        document = fit_blank_rows(document, index, count, least.get(index, 0))
        kept.append((index, count - rows + len(document.blocks[index].rows)))
        printed += kept[-1][1]
    if blank and not printed:
        document, fitted, blank = _document(form, {**values, "blank_rows": False}, date)
        blocks = list(document.blocks)
        for index, count in blank:
            blocks[index] = replace(blocks[index], rows=blocks[index].rows[:-count])
        document = replace(document, blocks=tuple(blocks))
    if form.fit_page:  # a one-page letter, with no more blank rows than its one sheet holds
        document = fit_letter(document, kept if printed else [])
    elif not form.small_type and any(block.kind == "signature" and _shown(block, values) for block in form.blocks):
        document = fit_closing(document)  # its 落款 never alone on a last page
    return replace(fit_page(document, fitted, form.kind), fields=field_texts(form, values))


def _blank_tables(form: FormSpec, values: dict) -> list[tuple[int, BlockSpec]]:
    """(index among the document's blocks, spec) of each table of ``form`` shown with ``values`` that ends in
    ruled blank rows — the indexes ``_document`` gives them."""
    found, at = [], 0
    for block in form.blocks:
        if _shown(block, values):
            made = _blocks(block, values, form)
            if block.kind == "table" and block.blank_rows:
                found.append((at, block))
            at += len(made)
    return found


def printed_title(form: FormSpec, values: dict) -> str:
    """The title of the document's PDF and DOCX and of its issued record (which the 卷内文件目录 lists): the title it
    prints when the values choose it — its first title block shown has a condition or fields (分期缴纳罚款通知书,
    法制审核表, 扣押物品移送告知书) — else the form's (a fixed printed text such as the cover's 行政处罚案卷 keeps
    卷宗封面)."""
    for block in form.blocks:
        if block.kind == "title" and _shown(block, values):
            if not block.when and not placeholders(block.text):
                return form.title
            return render(block.text, {**values, "title": form.title}).replace("\n", "").strip() or form.title
    return form.title


def _document(form: FormSpec, values: dict, date: str | None) -> tuple[Document, list[int], list[tuple[int, int]]]:
    """The blocks of ``form`` whose conditions hold, with the indexes of its one-page tables (fit_page) and of
    its tables ending in ruled blank rows, with how many (all of them: ``fit_blank_rows`` keeps those that fit)."""
    blocks: list[Block] = []
    fitted: list[int] = []
    blank: list[tuple[int, int]] = []
    for block in form.blocks:
        if _shown(block, values):
            made = _blocks(block, values, form)
            if block.kind == "signature" or made and signing_table(made[0]) and isinstance(
                    next((b for b in reversed(blocks) if not isinstance(b, Spacer)), None), (Paragraph, Table)):
                keep_with_signature(blocks)  # a 笔录's confirmation table too, as a 落款, with the last lines or rows
            if block.kind == "table" and block.fit_page:
                fitted.append(len(blocks))
            if block.kind == "table" and block.blank_rows:
                blank.append((len(blocks), block.blank_rows))
            blocks += made
    # {page} and {pages} are the writers' to fill on each page
    footer = render(form.footer, {**values, "page": "{page}", "pages": "{pages}"}) if form.footer else None
    document = Document(printed_title(form, values), tuple(blocks), footer=footer,
                        page_numbers=form.page_numbers, metadata={"date": date or "", "form": form.id})
    if form.small_type:  # a pre-printed one-sheet form (the 当场行政处罚决定书): title 四号, text 五号
        document = small_type(document)
    return between_tables(fit_titles(document)), fitted, blank
