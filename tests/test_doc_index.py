"""The 卷内文件目录 (file index) as an archivist reads it, back from the produced PDF (its laid-out lines and
their places) and DOCX (its table): one ruled row per document under the column heads 序号 文号 责任者 题名 日期
页号 备注, the page ranges those of the printed case file, rows the officer adds, the column heads again on each
page the index continues on and no row split between pages; a line with too many columns is refused."""

import io
import shutil
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import copy_template_files
from tests.rendering import case_draft, docx_of, pdf_of
from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table
from workstation.documents.casefile import print_case_file
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.fonts import resolve_fonts
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_pages import Frame
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.formkit.values import case_context, receipt_title
from workstation.money import chinese_date
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"
HEADS = ["序号", "文号", "责任者", "题名", "日期", "页号", "备注"]
WIDTHS = [0.075, 0.185, 0.21, 0.145, 0.22, 0.09, 0.075]


def docx_rows(document) -> list[list[str]]:
    table, = docx.Document(io.BytesIO(docx_of(document))).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


def pdf_cells(document) -> list[tuple[int, int, str]]:
    """(page, column, text) of each drawn table line, the column found from where the line starts (the widths
    those the document's table was fitted to)."""
    frame = Frame.from_layout()
    edges, running = [], 0.0
    table, = (block for block in document.blocks if isinstance(block, Table))
    for width in table.widths:
        running += width
        edges.append(frame.left + frame.text_width * running)
    rendered = pdf_of(document)
    return [(line.page, next(i for i, edge in enumerate(edges) if line.x < edge), line.text)
            for line in rendered.lines if line.kind == "cell"]


def dated(document) -> str:
    """The date a document bears as the index lists it: under its signature, the day of service a receipt records
    (its date_field), else the day it was issued."""
    return document.values.get("decided_on") or document.values.get("served_on") or document.issued_at[:10]


def listed_title(document) -> str:
    """A document's title as the index lists it: a 送达回证 by the document it served (送达回证（决定书）)."""
    if document.form_id == "delivery_receipt":
        return receipt_title(document.title, document.values.get("served_document") or "")
    return document.title


@pytest.fixture
def issued(demo_db, data_dir, kept_state):
    """The case and its three documents issued here, in the order the index lists them: by the date each bears."""
    def make():
        case = find_case(demo_db, COMPANY)
        documents = [issue_document(demo_db, data_dir, case, find_form(form_id), values)
                     for form_id, values in (("rectification_order", {}), ("penalty_decision", {}),
                                             ("delivery_receipt", {"served_document": "决定书"}))]
        return case, sorted(documents, key=dated)

    return kept_state("issued", demo_db, data_dir, make)


def test_each_issued_document_is_a_row_with_its_own_columns(demo_db, data_dir, issued):
    case, documents = issued
    agency = case_context(demo_db, case)["agency.name"]
    ranges = print_case_file(demo_db, data_dir, case).numbered  # the archive page numbers the case file prints
    expected = []
    for serial, document in enumerate(documents, 1):
        first, last = ranges[document.id]
        expected.append([str(serial), document.number or "", agency, listed_title(document),
                         chinese_date(dated(document)), str(first) if first == last else f"{first}-{last}", ""])
    draft = draft_document(demo_db, case, find_form("file_index"))
    rows = docx_rows(draft)
    assert rows[0] == HEADS
    assert rows[1:4] == expected
    assert rows[4:] == [[""] * 7] * 10  # ruled blank rows for the materials written in by hand
    cells = pdf_cells(draft)
    for row in expected:
        for column, text in enumerate(row):
            if text:  # each value stands in its own column (read back joined: it may wrap in a narrow column)
                assert text in "".join(t for _page, c, t in cells if c == column)
    assert [t for _page, c, t in cells if c == 0][:4] == ["序号", "1", "2", "3"]


def test_a_decision_is_listed_under_the_date_it_bears_not_the_day_it_was_issued(demo_db, data_dir, issued):
    # the archivist checks each row against the document: the decision is dated its 决定日期, which may be
    # earlier than the day it was issued here
    case, documents = issued
    decision = next(d for d in documents if d.form_id == "penalty_decision")
    decided_on = decision.values["decided_on"]
    assert decided_on != decision.issued_at[:10]
    printed = pdf_of(draft_document(demo_db, case, find_form("penalty_decision"))).text_lines()
    assert chinese_date(decided_on) in printed  # the date under the decision's signature
    rows = docx_rows(draft_document(demo_db, case, find_form("file_index")))
    row = next(r for r in rows if r[3] == "行政处罚决定书")
    assert row[4] == chinese_date(decided_on)
    others = [r for r in rows[1:4] if r[3] != "行政处罚决定书"]
    # the 送达回证 is dated by the day of service it records (date_field), the notice by the day it was issued
    assert {r[4] for r in others} == {chinese_date(d.values.get("served_on") or d.issued_at[:10])
                                      for d in documents if d is not decision}
    receipt = next(d for d in documents if d.form_id == "delivery_receipt")
    assert receipt.values["served_on"] and receipt.values["served_on"] != receipt.issued_at[:10]


def test_each_date_of_the_index_is_printed_whole_on_one_line(demo_db, issued):
    # "2026年11月30日" broken after "11" reads as two dates to an archivist checking the rows
    case, documents = issued
    cells = pdf_cells(draft_document(demo_db, case, find_form("file_index")))
    dates = [text for _page, column, text in cells if column == 4 and text not in ("日期", "")]
    expected = {chinese_date(d.values.get("decided_on") or d.values.get("served_on") or d.issued_at[:10])
                for d in documents}
    assert dates and set(dates) == expected


def drawn_rows(document) -> tuple[int, list[dict]]:
    """The page count and, for each numbered row of the index drawn in the PDF, its pages and the lines of each
    of its columns (the cells are drawn row by row, column by column)."""
    rendered = pdf_of(document)
    frame = Frame.from_layout()
    table, = (block for block in document.blocks if isinstance(block, Table))
    edges, running = [], 0.0
    for width in table.widths:
        running += width
        edges.append(frame.left + frame.text_width * running)
    rows: list[dict] = []
    for line in rendered.lines:
        if line.kind != "cell":
            continue
        column = next(i for i, edge in enumerate(edges) if line.x < edge)
        if column == 0:
            rows.append({"pages": set(), "serial": line.text})
        if rows and line.text:
            rows[-1]["pages"].add(line.page)
            rows[-1].setdefault(column, []).append(line.text)
    return rendered.pages, [row for row in rows if row["serial"].isdigit()]


AGENCY = "佛山市南海区市场监督管理局"
LONG_NAME = "佛山市南海区桂城街道瀚沅房地产经纪与物业管理咨询服务有限公司"
PERSON = "朱子轩"
LONG_CASE = [("佛南市监立〔2026〕1号", "立案审批表"), ("佛南市监告〔2026〕12号", f"行政处罚告知书（{LONG_NAME}）"),
             ("佛南市监告〔2026〕13号", f"行政处罚告知书（{PERSON}）"), ("佛南市监处〔2026〕18号", f"行政处罚决定书（{LONG_NAME}）"),
             ("佛南市监处〔2026〕19号", f"行政处罚决定书（{PERSON}）"), ("", "送达回证（佛南市监处〔2026〕18号）"),
             ("", "送达回证（佛南市监处〔2026〕19号）"), ("佛南市监结〔2026〕7号", "结案审批表")]
#: the lines a 送达回证's title takes at most: named by the 文号 it served (``receipt_title``), which wraps once in
#: the 题名 column the 文号 and date columns leave — its party's name left out, that 文号 being the party's own
RECEIPT_LINES = 3


def test_a_two_party_index_with_a_long_name_keeps_numbers_and_dates_whole_and_its_rows_short(demo_db):
    # each row as the workstation lists a case of a 30-character company and a person (titles name the party)
    assert len(LONG_NAME) == 30
    case = find_case(demo_db, COMPANY)
    index = "\n".join(" | ".join([str(serial), number, AGENCY, title, f"2026年11月{serial + 20}日",
                                  f"{serial * 3 - 2}-{serial * 3}", ""])
                      for serial, (number, title) in enumerate(LONG_CASE, 1))
    draft = draft_document(demo_db, case, find_form("file_index"), {"index": index})
    pages, rows = drawn_rows(draft)
    assert [row["serial"] for row in rows] == [str(n) for n in range(1, 9)]
    for serial, (row, (number, title)) in enumerate(zip(rows, LONG_CASE, strict=True), 1):
        assert row.get(1, []) == ([number] if number else [])  # the 文号 on one line
        assert row[4] == [f"2026年11月{serial + 20}日"]  # the date on one line
        assert row[5] == [f"{serial * 3 - 2}-{serial * 3}"]
        assert "".join(row[3]) == title and "".join(row[2]) == AGENCY
        assert len(row[2]) == 2  # the agency on two lines
        # a title naming the person or no party takes two lines at most; one naming the 30-character company
        # takes four (the 文号 and date columns kept whole leave no room for more); a receipt's, three
        limit = 4 if LONG_NAME in title else RECEIPT_LINES if title.startswith("送达回证") else 2
        assert len(row[3]) <= limit, row[3]
        assert len(row["pages"]) == 1  # never split between pages
    # the eight documents on the one page; the ruled blank rows those that fit below them, but never fewer than
    # three (min_blank_rows), and the note with at least one of them on the page it goes to
    assert {page for row in rows for page in row["pages"]} == {1}
    blank = page_rows(draft)
    assert page_rows(draft)[1].count("") >= 1 and 3 <= sum(texts.count("") for texts in blank.values()) <= 10
    note = next(line for line in pdf_of(draft).lines if line.text.startswith("注："))
    assert "" in blank[note.page]


def test_the_demo_case_index_lists_every_issued_document_with_its_number_and_date_on_one_line(demo_db, data_dir,
                                                                                              issued):
    case, documents = issued
    pages, rows = drawn_rows(draft_document(demo_db, case, find_form("file_index")))
    assert pages == 1
    assert [row["serial"] for row in rows] == ["1", "2", "3"]
    for row, document in zip(rows, documents, strict=True):
        assert row.get(1, []) == ([document.number] if document.number else [])
        assert row[4] == [chinese_date(dated(document))]
        assert "".join(row[3]) == listed_title(document) and len(row[3]) <= 2


def test_rows_the_officer_adds_or_edits_print_as_rows_and_free_text_spans_the_row(demo_db, issued):
    case, _documents = issued
    index = ("1 | 佛南市监告〔2026〕3号 | 佛山市南海区市场监督管理局 | 行政处罚告知书 | 2026年3月2日 | 1-2\n"
             "2｜｜佛山市南海区瀚沅房地产经纪有限公司｜营业执照复印件｜｜3｜复印件\n"
             "以下为证据材料")
    rows = docx_rows(draft_document(demo_db, case, find_form("file_index"), {"index": index}))
    assert rows[1] == ["1", "佛南市监告〔2026〕3号", "佛山市南海区市场监督管理局", "行政处罚告知书", "2026年3月2日",
                       "1-2", ""]
    assert rows[2] == ["2", "", "佛山市南海区瀚沅房地产经纪有限公司", "营业执照复印件", "", "3", "复印件"]
    assert rows[3] == ["以下为证据材料"] * 7  # one cell merged across the seven columns
    assert len(rows) == 1 + 3 + 10


def test_a_long_index_repeats_the_column_heads_on_each_page_and_never_splits_a_row(demo_db, issued):
    case, _documents = issued
    index = "\n".join(f"{n} | 佛南市监处〔2026〕{n}号 | 佛山市南海区市场监督管理局 | 电子数据证据提取笔录及所附电子数据 | "
                      f"2026年3月{n % 28 + 1}日 | {n} |" for n in range(1, 61))
    draft = draft_document(demo_db, case, find_form("file_index"), {"index": index})
    cells = pdf_cells(draft)
    pages = sorted({page for page, _column, _text in cells})
    assert len(pages) >= 3
    for page in pages:
        first = [t for p, c, t in cells if p == page and c == 0]
        assert first[0] == "序号"  # the heads open every page of the table
    serial_page = {t: p for p, c, t in cells if c == 0 and t.isdigit()}
    for page, column, text in cells:
        if column == 1 and text.startswith("佛南市监处"):  # the 文号 is on the page of its serial
            number = text.removeprefix("佛南市监处〔2026〕").removesuffix("号")
            if number.isdigit():
                assert page == serial_page[number]
    table = docx.Document(io.BytesIO(docx_of(draft))).tables[0]._tbl
    rows = table.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)


def test_the_column_heads_never_stand_alone_at_the_foot_of_a_page(data_dir):
    heads = Row(tuple(Cell.of(text, "cell_label") for text in HEADS))
    body = Row(tuple(Cell.of("内容") for _text in HEADS), min_height_mm=10)
    filler = Table((Row((Cell.of("占位"),), min_height_mm=210),), (1,))
    rendered = render_pdf(Document("目录", (filler, Table((heads, body), tuple(WIDTHS), header_rows=1))),
                          resolve_fonts(data_dir))
    pages = {line.text: line.page for line in rendered.lines if line.kind == "cell"}
    assert pages["序号"] == pages["内容"] == 2


def test_a_caption_kept_with_a_table_goes_to_the_page_of_its_heads_and_first_row(data_dir):
    heads = Row(tuple(Cell.of(text, "cell_label") for text in HEADS))
    body = Row(tuple(Cell.of("内容") for _text in HEADS), min_height_mm=10)
    caption = Paragraph.of("表3 案件情况", "body", keep_with_next=True)
    for filler_mm in (195, 200, 205):  # room at the foot for the caption, for it and the heads, for neither
        filler = Table((Row((Cell.of("占位"),), min_height_mm=filler_mm),), (1,))
        rendered = render_pdf(Document("目录", (filler, caption, Table((heads, body), tuple(WIDTHS), header_rows=1))),
                              resolve_fonts(data_dir))
        pages = {line.text: line.page for line in rendered.lines}
        assert pages["表3 案件情况"] == pages["序号"] == pages["内容"], filler_mm


def test_a_line_with_more_columns_than_the_table_is_refused_naming_the_field_line_table_and_remedy(demo_db, english):
    case = find_case(demo_db, COMPANY)
    index = "1 | 甲 | 乙 | 丙 | 丁 | 1 |\n2 | a | b | c | d | e | f | g"
    with pytest.raises(ValidationError) as refused:
        draft_document(demo_db, case, find_form("file_index"), {"index": index})
    assert refused.value.errors == {"卷内文件": (
        "Line 2 has 8 columns, but the table of the 卷内文件目录 has only 7 (序号、文号、责任者、题名、日期、页号、备注): "
        "delete the extra | or join the extra columns into one; a line without | is printed across the whole row.")}


FORM = ('id = "sample"\ntitle = "测试"\nkind = "archive"\ntype_code = ""\nversion = 1\n'
        '[[fields]]\nname = "rows"\nlabel = "行"\ntype = "{type}"\n'
        '[[blocks]]\nkind = "table"\nwidths = [0.5, 0.5]\nrows = [["甲", "乙"]]\n{extra}\n')


@pytest.mark.parametrize(("field_type", "extra", "key"), [
    ("text", 'repeat = "rows"', "blocks[0].repeat"),
    ("multiline", 'repeat = "other"', "blocks[0].repeat"),
    ("multiline", "header_rows = 2", "blocks[0].header_rows"),
    ("multiline", "blank_rows = -1", "blocks[0].blank_rows"),
    ("multiline", "one_line = [2]", "blocks[0].one_line"),
    ("multiline", 'cell_size = "large"', "blocks[0].cell_size"),
])
def test_a_table_repeating_no_multiline_field_or_with_impossible_counts_is_refused(tmp_path, english, field_type,
                                                                                  extra, key):
    path = tmp_path / "sample.toml"
    path.write_text(FORM.format(type=field_type, extra=extra), encoding="utf-8")
    with pytest.raises(FormError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_form(path)


def test_only_a_table_repeats_rows(tmp_path, english):
    path = tmp_path / "sample.toml"
    path.write_text('id = "sample"\ntitle = "测试"\nkind = "notice"\ntype_code = ""\nversion = 1\n'
                    '[[blocks]]\nkind = "paragraph"\ntext = "甲"\nblank_rows = 2\n', encoding="utf-8")
    with pytest.raises(FormError, match=r"blocks\[0\]\.blank_rows"):
        load_form(path)


# the forms issued again and again to give a case a long index, as an officer issues notices and receipts
REPEATED = (("rectification_order", {}), ("delivery_receipt", {"served_document": "责令改正通知书"}))


COUNTS = (8, 25, 30)  # 30: the blank rows cut short on a continuation page


@pytest.fixture(scope="module")
def issued_index(database_template, tmp_path_factory) -> dict[int, Document]:
    """``issued_index[count]``: the draft 卷内文件目录 of the demo company's case once ``count`` documents have been
    issued in it, for each of ``COUNTS``: issued one after the other in one fresh demo of the module's own, each
    count's index drawn on the way (a demo of each test's own issued 8, 8, 25 and 30 documents again)."""
    from workstation.db import open_database
    from workstation.paths import database_path

    made = tmp_path_factory.mktemp("issued-index")
    data_dir = made / "data"
    data_dir.mkdir()
    path = database_path(data_dir)
    shutil.copyfile(database_template("demo"), path)
    copy_template_files(database_template("demo"), data_dir)  # the demo's evidence files
    drafts: dict[int, Document] = {}
    with pytest.MonkeyPatch.context() as patch:  # as conftest's _isolated_home does for each test
        for name, folder in (("WORKSTATION_HOME", "home"), ("HOME", "user"), ("XDG_DATA_HOME", "user/data"),
                             ("XDG_CONFIG_HOME", "user/config")):
            patch.setenv(name, str(made / folder))
        database = open_database(path)
        try:
            case = find_case(database, COMPANY)
            for serial in range(1, max(COUNTS) + 1):
                form_id, values = REPEATED[(serial - 1) % 2]
                issue_document(database, data_dir, case, find_form(form_id), values)
                if serial in COUNTS:
                    drafts[serial] = draft_document(database, case, find_form("file_index"))
        finally:
            database.conn.close()
    return drafts


def page_rows(document) -> dict[int, list[str]]:
    """Each page's table rows below its column heads, drawn in the PDF: a listed row by its serial, a ruled blank
    row as "" (each row starts with the line of its 序号 cell)."""
    frame = Frame.from_layout()
    table, = (block for block in document.blocks if isinstance(block, Table))
    first_edge = frame.left + frame.text_width * table.widths[0]
    rows: dict[int, list[str]] = {}
    for line in pdf_of(document).lines:
        if line.kind == "cell" and line.x < first_edge and line.text != "序号":
            rows.setdefault(line.page, []).append(line.text)
    return rows


def one_blank_row_more(document) -> Document:
    """``document`` with one more ruled blank row at the end of its index table."""
    table, = (block for block in document.blocks if isinstance(block, Table))
    blank = Row(tuple(Cell.of("", "cell_small") for _head in HEADS), min_height_mm=10)
    grown = replace(table, rows=(*table.rows, blank))
    return replace(document, blocks=tuple(grown if block is table else block for block in document.blocks))


@pytest.mark.parametrize("count", COUNTS)
def test_the_blank_rows_fill_the_last_page_of_listed_documents_and_never_start_a_page(issued_index, count):
    # an archivist files the index as printed: a sheet of nothing but empty ruled rows is a wasted, numbered page
    draft = issued_index[count]
    rows = page_rows(draft)
    serials = [text for page in sorted(rows) for text in rows[page] if text]
    assert serials == [str(n) for n in range(1, count + 1)]
    last = max(rows)
    total = sum(1 for texts in rows.values() for text in texts if not text)
    listed_last = max(page for page, texts in rows.items() if any(texts))
    for page, texts in rows.items():  # a page of blank rows alone only for the three the index always keeps
        assert any(texts) or (page == last and total == 3), f"page {page} holds only blank rows"
    blank = [text for page in range(listed_last, last + 1) for text in rows[page] if not text]
    filled = [text for text in rows[listed_last] if text]
    assert rows[listed_last][:len(filled)] == filled  # below the last listed row
    assert 3 <= total == len(blank) <= 10  # after the last listed row, never more than the form's number
    assert docx_rows(draft)[1 + count:] == [[""] * 7] * total  # the DOCX carries the same blank rows
    # filled: one blank row more (unless the form's ten are all there) would run onto another page: it adds a page,
    # or it starts the page that holds only what follows the table (a table ending at the foot of a page leaves that
    # to the next: a two-digit day, 12月11日, wraps the date cells and makes the rows taller)
    grown = one_blank_row_more(draft)
    assert total == 10 or total == 3 or pdf_of(grown).pages > pdf_of(draft).pages or max(page_rows(grown)) > last


def test_the_blank_rows_are_fewer_than_ten_when_eight_documents_leave_less_room(issued_index):
    # the eight-document case printed its ten blank rows on a second page before; now they stop at the foot
    draft = issued_index[8]
    rows = page_rows(draft)
    assert list(rows) == [1] and 0 < rows[1].count("") < 10


def listed_index(db, count: int):
    """The demo company's draft 卷内文件目录 listing ``count`` decisions the officer typed in (drafted once for the
    shared read-only ``read_demo_db``: ``tests/rendering.py``)."""
    index = "\n".join(f"{n} | 佛南市监处〔2026〕{n}号 | {AGENCY} | 行政处罚决定书 | 2026年3月{n}日 | {n} |"
                      for n in range(1, count + 1))
    return case_draft(db, COMPANY, "file_index", {"index": index})


def full_page(db) -> int:
    """How many listed rows fill the index's first page with its note below them, leaving no room for a blank row
    (an index drawn for each count tried, each drawn once for the shared demo)."""
    return next(count for count in range(1, 40) if "" not in page_rows(listed_index(db, count))[1])


def test_no_blank_rows_when_the_documents_end_at_the_foot_of_a_page(read_demo_db):
    # as many listed rows as fill the page exactly with the note below them: not one blank row is added on that
    # page; the three the index always keeps (min_blank_rows) go to the next, with the note said of them
    full = full_page(read_demo_db)
    rows = page_rows(listed_index(read_demo_db, full))
    assert rows == {1: [str(n) for n in range(1, full + 1)], 2: ["", "", ""]}


def test_the_note_speaks_of_the_blank_rows_the_index_always_prints(read_demo_db):
    # an archivist told to write other materials "in the blank rows" of an index that has none looks for them:
    # the index always prints some (min_blank_rows), on a page of their own when the documents fill the last
    def notes(document) -> list[str]:
        lines = [line.text for line in pdf_of(document).lines if line.kind == "text"]
        return ["".join(lines[lines.index(next(t for t in lines if t.startswith("注："))):])]

    full = listed_index(read_demo_db, full_page(read_demo_db))
    assert "" not in page_rows(full)[1] and page_rows(full)[2] == ["", "", ""]
    assert notes(full) == ["注：本系统已签发的文书按成文日期排列，页号为其在本卷中的起止页；其他卷内材料在空行内逐件填写。"]
    assert docx_rows(full)[-3:] == [[""] * 7] * 3  # the DOCX carries them too
    some = listed_index(read_demo_db, 3)
    assert "" in page_rows(some)[1]
    assert notes(some) == ["注：本系统已签发的文书按成文日期排列，页号为其在本卷中的起止页；其他卷内材料在空行内逐件填写。"]


def test_the_demo_case_index_keeps_its_ten_blank_rows_on_its_one_page(demo_db, issued):
    case, _documents = issued
    draft = draft_document(demo_db, case, find_form("file_index"))
    assert page_rows(draft) == {1: ["1", "2", "3"] + [""] * 10}
