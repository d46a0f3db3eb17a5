"""The DOCX of every form says what its PDF says: for each form of forms/, drawn from a demo case, lead or
interview, the paragraphs and table cells of the DOCX (read back with python-docx) hold the PDF's drawn lines
in the same order, in the same type size, with the same bold and underlined text; every run of the DOCX names
its style's East Asian face; its page is GB/T 9704's; its tables have the PDF's columns; its footer is the PDF's."""

from __future__ import annotations

import io
import re
from functools import partial

import docx
import pytest
from docx.oxml.ns import qn

from tests.rendering import case_draft, docx_of, drafted, pdf_of
from workstation.documents.blocks import Table, layout
from workstation.documents.docx_writer import render_docx
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import draft_interview_document
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import load_forms
from workstation.leads_workflow import (
    LEAD_LETTERS,
    REPORT_NOTICE,
    compose_lead_document,
    draft_lead_document,
    get_lead_row,
)
from workstation.store.interviews import get_interview

CASE = "佛南市监立〔2026〕1号"
LEADS = ("bb7f2ea6-871d-54c3-a193-b529d98b09cc", "7108eccf-8534-56a1-abef-0ee9dbca5fa8")  # 四号 and 小四 letters
JOINT = "0e7e310e-296a-586e-96a9-4a924496795f"  # the three telecom operators
SINGLE = "52a22518-c36c-5134-9ae4-c04b780089af"  # the real-estate association
FORMS = sorted(load_forms()[0])
# what the officer types into a document enforcing the demo case's decision (made on paper)
DECIDED = {"served_document": "行政处罚决定书", "decision_no": "佛南市监处〔2026〕9号",
           "notice_no": "佛南市监保存〔2026〕1号", "serial_no": "0012345",  # serial_no: the 当场处罚决定书's 编号
           "extended_until": "2026-07-31", "custodian": "佛山市南海区某仓储有限公司", "custody_place": "桂城街道某仓库3号库"}
# what the chair, the reviewers, the meeting and the officers write themselves (the forms leave it empty)
WRITTEN = {"hearing_report": {"analysis": "当事人的申辩理由不能成立。", "proposal": "维持"},
           "legal_review": {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是",
                            "basis_correct": "是", "discretion_proper": "否", "problems": "罚款数额偏高，建议在裁量基准内调整。",
                            "opinion": "经审核，同意。"},
           "collective_discussion": {"conclusion": "经集体讨论，同意办案机构的处理意见。"},
           "matter_approval": {"period": "延长三十日，至2026年7月7日"},
           # the agency a transfer goes to: named by the officer when no referral or operator gives it
           "case_transfer_letter": {"receiver": "广东省通信管理局"},
           # the demo case paid its fine: no unpaid amount is prefilled (``payments.fine_unpaid``), the officer types it
           "performance_demand": {"unpaid_fen": "3000.00"}, "enforcement_application": {"unpaid_fen": "3000.00"}}


def drafts(db, form_id: str) -> list:
    """The documents of ``form_id`` an officer would print from the demo data (drafted once for the shared
    read-only demo database, ``tests/rendering.py``)."""
    form = find_form(form_id)
    if form_id in LEAD_LETTERS:
        typed = {"contact_person": "陈志强", **WRITTEN.get(form_id, {})}
        return [drafted(db, ("lead", lead, form_id, typed), partial(draft_lead_document, db, lead, form, typed))
                for lead in LEADS]
    if form_id == REPORT_NOTICE:  # the demo's leads (one referred, one filed) as named reports: the reporter's number
        typed = {"contact_person": "陈志强", "reporter_name": "李某某"}
        return [drafted(db, ("lead", lead, form_id, typed), partial(
            compose_lead_document, db, {**get_lead_row(db, lead), "complainant_phone": "13800138000"}, form, typed))
            for lead in LEADS]
    if form.kind == "interview":
        joint = get_interview(db, JOINT)
        if form_id == "interview_minutes":
            return [drafted(db, ("interview", JOINT, form_id), partial(draft_interview_document, db, joint, form))]
        return [drafted(db, ("interview", SINGLE, form_id),
                        partial(draft_interview_document, db, get_interview(db, SINGLE), form)),
                drafted(db, ("interview", JOINT, form_id, joint.party_ids[1]),
                        partial(draft_interview_document, db, joint, form, party_id=joint.party_ids[1]))]
    # the demo case was decided on paper: the enforcement documents are given the 文号 of its decision
    return [case_draft(db, CASE, form_id, {**DECIDED, **WRITTEN.get(form_id, {})})]


def squeeze(text: str) -> str:
    return text.replace(" ", "")


def pdf_paragraphs(rendered, document) -> list[tuple[str, float, str, str]]:
    """(text, size, bold text, underlined text) of each paragraph or hard-broken line the PDF draws in the
    body and the tables of ``document``; a table's heading rows (its first ``header_rows``) drawn again at the top of
    a later page are left out (the DOCX marks them to be repeated, w:tblHeader, and holds them once)."""
    found, pages, cells, lines = [], [], [], []
    for line in rendered.lines:
        if line.kind not in ("text", "cell"):
            continue
        lines.append(line)
        if line.last:
            segments = [segment for drawn in lines for segment in drawn.segments]
            text = squeeze("".join(drawn.text for drawn in lines))
            if text:
                found.append((text, lines[0].size, squeeze("".join(s.text for s in segments if s.bold)),
                               squeeze("".join(s.text for s in segments if s.underline))))
                pages.append(lines[0].page)
                cells.append(all(drawn.kind == "cell" for drawn in lines))
            lines = []
    return _without_repeated_headings(found, pages, cells, headings(document))


def headings(document) -> list[tuple[str, ...]]:
    """The text of each paragraph (each hard-broken line) of the heading rows of each table of ``document`` that
    has some (``Table.header_rows``), one tuple a table."""
    found = []
    for block in document.blocks:
        if isinstance(block, Table) and block.header_rows:
            found.append(tuple(text for row in block.rows[:block.header_rows] for cell in row.cells
                               for paragraph in cell.paragraphs for text in map(squeeze, paragraph.text.split("\n"))
                               if text))
    return [heading for heading in found if heading]


def _without_repeated_headings(found: list, pages: list[int], cells: list[bool], heads: list[tuple[str, ...]]) -> list:
    """``found`` without each run of table cells that opens a later page and is, paragraph by paragraph, the
    heading rows of a table in ``heads`` drawn before (their first drawing stays)."""
    kept, drawn = [], set()
    index = 0
    while index < len(found):
        for head in heads:
            run = range(index, index + len(head))
            if run.stop <= len(found) and all(cells[at] and pages[at] == pages[index] and found[at][0] == text
                                              for at, text in zip(run, head, strict=True)):
                if head in drawn and index and pages[index - 1] != pages[index]:
                    index = run.stop  # drawn again at the top of a later page: held once in the DOCX
                    break
                drawn.add(head)
        else:
            kept.append(found[index])
            index += 1
    return kept


def _pieces(paragraph) -> list[list]:
    """The paragraph's runs' text and break elements, cut at each line break (w:br): what one PDF line holds."""
    pieces: list[list] = [[]]
    for run in paragraph.iter(qn("w:r")):
        for child in run:
            if child.tag == qn("w:br"):
                pieces.append([])
            elif child.tag == qn("w:t"):
                pieces[-1].append((run, child.text or ""))
    return pieces


def docx_paragraphs(word) -> list[tuple[str, float, str, str]]:
    """The same for the DOCX body (table cells included, in reading order); the size is the paragraph style's,
    as no run sets one."""
    sizes = {style.style_id: style.font.size.pt for style in word.styles if style.type == 1 and style.font.size}
    found = []
    for paragraph in word.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))
        for piece in _pieces(paragraph):
            text = squeeze("".join(text for _, text in piece))
            if not text:
                continue
            bold = squeeze("".join(t for run, t in piece if run.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None))
            under = squeeze("".join(t for run, t in piece if run.find(f"{qn('w:rPr')}/{qn('w:u')}") is not None))
            found.append((text, sizes[style], bold, under))
    return found


@pytest.mark.parametrize("form_id", FORMS)
def test_the_docx_holds_the_pdfs_text_in_the_same_order_size_and_emphasis(read_demo_db, form_id):
    for document in drafts(read_demo_db, form_id):
        word = docx.Document(io.BytesIO(docx_of(document)))
        expected = pdf_paragraphs(pdf_of(document), document)
        assert len(expected) > 3
        assert docx_paragraphs(word) == expected
        assert not list(word.element.body.iter(qn("w:sz")))  # sizes come from the styles alone


def test_a_letter_set_smaller_to_fit_its_sheet_is_as_small_in_the_docx(db, data_dir):
    from tests.test_lead_paper_fit import COMPLAINT, LONG_NAME, OPENINGS, screened_lead, typed

    lead = screened_lead(db, data_dir, [opening.format(name=LONG_NAME) + COMPLAINT for opening in OPENINGS])
    for form_id in LEAD_LETTERS:
        document = draft_lead_document(db, lead, find_form(form_id), typed(form_id))
        expected = pdf_paragraphs(render_pdf(document), document)
        assert {size for _, size, _, _ in expected} & {14, 12}  # 四号 or 小四 instead of 三号
        assert docx_paragraphs(docx.Document(io.BytesIO(render_docx(document)))) == expected


@pytest.mark.parametrize("form_id", FORMS)
def test_every_run_of_the_docx_names_its_styles_east_asian_face(read_demo_db, form_id):
    faces = {style.style_id: style.element.rPr.rFonts.get(qn("w:eastAsia"))
             for style in docx.Document(io.BytesIO(docx_of(drafts(read_demo_db, form_id)[0]))).styles
             if style.type == 1 and style.style_id.startswith("WS")}
    assert set(faces.values()) <= {spec["docx_font"] for spec in layout()["styles"].values()}
    for document in drafts(read_demo_db, form_id):
        word = docx.Document(io.BytesIO(docx_of(document)))
        stories = [word.element.body] + [section.footer._element for section in word.sections
                                         if not section.footer.is_linked_to_previous]
        runs = 0
        for story in stories:
            for paragraph in story.iter(qn("w:p")):
                face = faces[paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))]
                for run in paragraph.iter(qn("w:r")):
                    runs += 1
                    assert run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == face
        assert runs > 3


@pytest.mark.parametrize("form_id", FORMS)
def test_the_docx_page_tables_and_footer_are_the_pdfs(read_demo_db, form_id):
    page = layout()["page"]
    for document in drafts(read_demo_db, form_id):
        rendered = pdf_of(document)
        word = docx.Document(io.BytesIO(docx_of(document)))
        section = word.sections[0]
        measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                    section.left_margin, section.right_margin]
        assert [round(length.mm, 1) for length in measured] == [210, 297, 37, 35, 28, 26] == [
            page[key] for key in ("width_mm", "height_mm", "top_mm", "bottom_mm", "left_mm", "right_mm")]
        tables = [block for block in document.blocks if isinstance(block, Table)]
        assert len(word.tables) == len(tables)
        for table, grid in zip(tables, word.tables, strict=True):
            widths = [int(column.get(qn("w:w"))) for column in grid._tbl.iter(qn("w:gridCol"))]
            assert [round(w / sum(widths), 3) for w in widths] == [round(f / sum(table.widths), 3)
                                                                 for f in table.widths]
            # the PDF draws the first header_rows rows again atop each page the table goes on to: Word repeats them
            marked = [row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in grid._tbl.tr_lst]
            assert marked == [index < table.header_rows for index in range(len(table.rows))]
        # the footer of the first page, the page numbers aside (a DOCX field shows 1 until Word lays it out)
        pdf_footer = "".join(line.text for line in rendered.lines
                             if line.kind in ("footer", "page_number") and line.page == 1)
        docx_footer = "".join(p.text for p in section.footer.paragraphs) if pdf_footer else ""
        assert re.sub(r"\d+", "N", squeeze(docx_footer)) == re.sub(r"\d+", "N", squeeze(pdf_footer))
        if not pdf_footer:  # no page number on the PDF's first page: none in the DOCX either
            assert not any(p.text for s in word.sections for p in s.footer.paragraphs)
