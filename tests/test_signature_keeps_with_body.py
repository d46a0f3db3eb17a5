"""No 落款 alone on a page (GB/T 9704-2012 7.3.5, REFERENCE §3.2): for every form that closes with a signature block,
its longest free text is written out ever longer, one line more at a time over more than a page, so that the text
ends at every height of its last page; in each PDF the signature block (the agency, its seal and the date) stands
on one page with two lines at least of the text or the table above it — also when the last paragraph or the last
table row runs on over more than a page before it (the 交办通知书's attachment list, the 送达回证's 备注). A 证据提取单
or 物品处理记录 whose list fills its page takes its last listed row to the next page with the confirmation rows
signed under it, in the PDF and (kept with the next, as Word and WPS keep rows) in the DOCX."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from tests.rendering import case_draft, docx_of, drafted, layout_of, pdf_of
from tests.test_docx_matches_pdf import CASE, DECIDED, JOINT, LEADS, SINGLE, WRITTEN
from workstation.documents.drafts import draft_document, draft_values, find_form
from workstation.documents.interview_documents import draft_interview_document
from workstation.formkit.spec import load_forms
from workstation.leads_workflow import (
    LEAD_LETTERS,
    REPORT_NOTICE,
    compose_lead_document,
    draft_lead_document,
    get_lead_row,
)
from workstation.store import find_case
from workstation.store.interviews import get_interview

UMING = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
MICROHEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(
    not (UMING.is_file() and MICROHEI.is_file()), reason="needs fonts-arphic-uming and fonts-wqy-microhei"
)

#: the free text of each form with a signature block that is written out long: the longest the officer writes
#: before the 落款 (a form with none: the text nearest to it)
FIELDS = {
    "assignment_notice": "materials",
    "assistance_letter": "requests",
    "case_transfer_letter": "materials",
    "compulsory_measure_decision": "reason",
    "compulsory_measure_extension": "reason",
    "compulsory_measure_release": "reason_detail",
    "custody_entrustment": "objects",
    "delivery_receipt": "note",
    "early_disposal_notice": "way_detail",
    "enforcement_application": "attachments",
    "hearing_notice": "bring",
    "hearing_report": "proposal_text",
    "identification_request": "questions",
    "inquiry_notice": "bring_other",
    "interview_delivery_receipt": "note",
    "interview_minutes": "followup",
    "interview_notice": "materials",
    "investigation_report": "basis",
    "jurisdiction_notice": "requirements",
    "materials_order": "materials",
    "no_penalty_decision": "education",
    "on_the_spot_decision": "basis",
    "payment_deferral_notice": "consequence",
    "penalty_decision": "publication",
    "performance_demand": "payment",
    "police_transfer": "attachments",
    "pre_penalty_notice": "basis",
    "preservation_notice": "cause",
    "preservation_release": "party_name",
    "rectification_order": "consequence",
    "refund_order": "consequence",
    "report_result_notice": "result",
    "seized_items_transfer_notice": "basis",
    "seizure_assistance_notice": "requests",
    "service_public_notice": "reason",
    "testing_commission": "what",
    "testing_period_notice": "objects",
    "testing_result_notice": "objection",
}
FILLER = "当事人应当按照本局要求认真落实整改措施并将整改情况书面报送本局以便核查确认" * 60
#: the text's lengths: a line more (about 26 characters) each time, 40 of them, from under a page to over two
LENGTHS = range(300, 1340, 26)


def _draft(db, form_id: str, typed: dict, contexts: dict | None = None):
    """The document of ``form_id`` as the officer prints it from the demo data, with ``typed`` written in. Given a
    dict ``contexts`` (one per sweep of a form), a case's document is drawn from the case context built for the
    sweep's first draft (``draft_values``), as ``draft_document`` takes it from a caller that built it already: the
    same document (the typed text is no part of it), without reading the case again for each of the sweep's 40
    lengths — a fifth of the sweep's time."""
    form = find_form(form_id)
    if form_id in LEAD_LETTERS:
        typed = {"contact_person": "陈志强", **typed}
        return drafted(
            db, ("lead", LEADS[0], form_id, typed), lambda: draft_lead_document(db, LEADS[0], form, typed)
        )
    if form_id == REPORT_NOTICE:
        typed = {"contact_person": "陈志强", "reporter_name": "李某某", **typed}
        return drafted(
            db,
            ("lead", LEADS[0], form_id, typed),
            lambda: compose_lead_document(
                db, {**get_lead_row(db, LEADS[0]), "complainant_phone": "13800138000"}, form, typed
            ),
        )
    if form.kind == "interview":
        interview = JOINT if form_id == "interview_minutes" else SINGLE
        return drafted(
            db,
            ("interview", interview, form_id, typed),
            lambda: draft_interview_document(db, get_interview(db, interview), form, typed),
        )
    values = {**DECIDED, **WRITTEN.get(form_id, {}), **typed}
    if contexts is None:
        return case_draft(db, CASE, form_id, values)
    if not contexts:
        contexts["case"] = find_case(db, CASE)
        contexts["context"] = draft_values(db, contexts["case"], form, dict(values))[1]
    return drafted(
        db,
        ("case", CASE, form_id, values),  # as case_draft keys it: the same draft
        lambda: draft_document(db, contexts["case"], form, dict(values), context=contexts["context"]),
    )


def _signature_blocks(lines: list) -> list[list[int]]:
    """The indexes in ``lines`` of each signature block's lines (its lines follow one another)."""
    blocks: list[list[int]] = []
    for index, line in enumerate(lines):
        if line.style.startswith("signature"):
            if blocks and blocks[-1][-1] == index - 1:
                blocks[-1].append(index)
            else:
                blocks.append([index])
    return blocks


def closing_problem(rendered) -> str:
    """What is wrong with the PDF's signature blocks: one split between pages, or one on a page with fewer than
    two lines of the text or table above it; "" when nothing is."""
    lines = [line for line in rendered.lines if line.kind in ("text", "cell")]
    blocks = _signature_blocks(lines)
    assert blocks, "the document prints no signature block"
    for block in blocks:
        pages = sorted({lines[index].page for index in block})
        if len(pages) > 1:
            return f"the signature block is split over pages {pages}"
        above = [line for line in lines[: block[0]] if line.page == pages[0] and line.text.strip("\u3000 ")]
        if len(above) < 2:
            return f"page {pages[0]} of {rendered.pages} holds {len(above)} line(s) above its signature block"
    return ""


def test_every_form_with_a_signature_block_is_swept():
    forms = load_forms()[0]
    assert set(FIELDS) == {
        form_id for form_id, form in forms.items() if any(block.kind == "signature" for block in form.blocks)
    }
    assert all(any(field.name == name for field in forms[form_id].fields) for form_id, name in FIELDS.items())


@pytest.mark.parametrize("form_id", sorted(FIELDS))
def test_the_signature_block_stays_with_the_last_lines_whatever_the_text_s_length(read_demo_db, form_id):
    problems, pages, contexts = [], set(), {}
    for length in LENGTHS:
        # laid out as render_pdf lays it out, not drawn: 1,480 PDFs took half a minute (the longest is drawn below)
        rendered = layout_of(_draft(read_demo_db, form_id, {FIELDS[form_id]: FILLER[:length] + "。"}, contexts))
        pages.add(rendered.pages)
        problem = closing_problem(rendered)
        if problem:
            problems.append(f"{length} characters: {problem}")
    assert len(pages) >= 2  # the text did push the 落款 over to a further page
    assert problems == []
    longest = _draft(read_demo_db, form_id, {FIELDS[form_id]: FILLER[: LENGTHS[-1]] + "。"})
    drawn, laid_out = pdf_of(longest), layout_of(longest)
    assert (drawn.pages, drawn.lines) == (laid_out.pages, laid_out.lines)  # the layout checked is the one drawn


#: the forms whose confirmation rows, signed by hand, follow a list written in rows; the field listing them
LISTS = {"evidence_extraction": "items", "items_disposal_record": "items"}
ITEM = "当事人应当按照本局要求认真落实整改措施并将整改情况书。"


def _signing_page(rendered, label: str) -> tuple[int, list[str]]:
    """The page of the confirmation row (the last whose label starts with ``label``) and the texts of the table
    lines above it there."""
    cells = [line for line in rendered.lines if line.kind == "cell"]
    first = max(index for index, line in enumerate(cells) if line.text.startswith(label))
    page = cells[first].page
    return page, [line.text for line in cells[:first] if line.page == page]


@pytest.mark.parametrize(
    ("form_id", "label"), [("evidence_extraction", "证据提供人"), ("items_disposal_record", "执行人员")]
)
def test_the_confirmation_rows_go_to_a_new_page_with_the_last_listed_row(read_demo_db, form_id, label):
    alone, pages, contexts = [], set(), {}
    for count in range(1, 31):
        # laid out, not drawn, as in the sweep above (drawing each took as long as drafting it); the longest drawn
        rendered = layout_of(_draft(read_demo_db, form_id, {LISTS[form_id]: "\n".join([ITEM] * count)}, contexts))
        pages.add(rendered.pages)
        page, above = _signing_page(rendered, label)
        if page > 1 and ITEM not in above:
            alone.append(count)
    assert len(pages) >= 2  # the list did push the confirmation rows over to a further page
    assert alone == []
    drawn = pdf_of(_draft(read_demo_db, form_id, {LISTS[form_id]: "\n".join([ITEM] * 30)}))
    assert (drawn.pages, drawn.lines) == (rendered.pages, rendered.lines)  # the layout checked is the one drawn


def test_the_docx_keeps_the_last_listed_row_and_the_blank_rows_with_the_confirmation(read_demo_db):
    document = _draft(read_demo_db, "evidence_extraction", {"items": "\n".join([ITEM] * 5)})
    word = docx.Document(io.BytesIO(docx_of(document)))
    listed = word.tables[1]
    last = max(index for index, row in enumerate(listed.rows) if row.cells[0].text == ITEM)

    def kept(row) -> bool:
        return all(
            p._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
            for cell in row.cells
            for p in cell.paragraphs
        )

    assert [kept(row) for row in listed.rows[last:]] == [True] * (len(listed.rows) - last)
    assert not kept(listed.rows[last - 1])
