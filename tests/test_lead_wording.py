"""A lead's 案件交办通知书 and 案件移送函 say each thing once, so that more of them keep the standard 三号 (or at least
四号 rather than 小四) on their one sheet: the 案情简介 does not name the party the 案件名称 and the 当事人 line already
name, the materials start on the 附件 line in GB/T 9704's "附件：1.……" form (the next ones under the first one's
name, no punctuation after a name), and the 移送函 says 不属于本局管辖 and 移送 once each, the party's address on its
当事人 line."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from tests.test_lead_paper_fit import screened_lead, typed  # one complaint a day from 1 March
from workstation.documents.blocks import Paragraph, layout
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.fonts import resolve_fonts
from workstation.documents.pdf_layout import measurer, paragraph_lines
from workstation.leads_workflow import (
    _complaint_period,
    draft_lead_document,
    get_lead_row,
    lead_context,
)
from workstation.store import find_case

TYPED = {"contact_person": "陈志强"}
# three complaints of a seed lead (the user of a landline): as long as the seed campaign's
SEED_LIKE = ("我只在售楼处登记过一次看房，之后每天接到中介电话，其中(0757)89759395最频繁，对方未说明公司名称，怀疑个人信息被泄露。",
             "我只在售楼处登记过一次看房，之后每天接到中介电话，其中0757-89759395最频繁，对方未说明公司名称，怀疑个人信息被泄露。",
             "收到8975-9395发来的房产短信，称特价房源首付10万起，对方不肯透露公司名称，我从未向其提供过手机号码，回T退订也没用。")
BUSINESS = "佛山市顺德区嘉华房产中介有限公司"


def paragraphs(document) -> list[Paragraph]:
    return [block for block in document.blocks if isinstance(block, Paragraph)]


# two attachments whose names run on to a second line on the 附件 line's sheet
LONG_MATERIALS = ("1.当事人经营场所现场检查笔录及现场拍摄的照片、视频等电子数据证据材料（复印件）\n"
                  "2.投诉举报人提供的通话记录截图、短信截图和录音等电子数据证据材料（复印件）")


def attachment_note(document) -> list[Paragraph]:
    return [p for p in paragraphs(document) if p.style.startswith("attachment")]


def check_attachment_layout(document, names: list[str]) -> None:
    """GB/T 9704 7.3.4, in the PDF's lines and in the DOCX's indents: "附件：1.……" two characters in, the next
    numbers under "1.", and a name that runs on under the first character of its name (not under its number)."""
    note = attachment_note(document)
    assert [p.text for p in note] == ["附件：" + names[0]] + names[1:]
    assert all(p.keep_with_next for p in note[:-1])  # the note is never split between pages
    page = layout()["page"]
    width = (page["width_mm"] - page["left_mm"] - page["right_mm"]) / 25.4 * 72
    measure = measurer(resolve_fonts())
    size = layout()["styles"][note[0].style]["size"]

    def drawn(text: str) -> float:  # how far the PDF sets what follows ``text`` on its line
        return measure.width(note[0].style, text, size)

    laid = [paragraph_lines(p, width, measure) for p in note]
    assert any(len(lines) > 1 for lines in laid)  # a name runs on
    first = laid[0][0].x
    assert first == pytest.approx(2 * size)  # 附件 two characters in
    places = []  # (first line, further lines) of each attachment
    for index, (paragraph, lines) in enumerate(zip(note, laid, strict=True)):
        number = paragraph.text[len("附件："):] if index == 0 else paragraph.text
        number = number[:number.index(".") + 1]
        start = first if index == 0 else first + drawn("附件：")  # 2. 3. under 1.
        name = start + drawn(("附件：" if index == 0 else "") + number)
        assert lines[0].x == pytest.approx(start)
        assert all(line.x == pytest.approx(name) for line in lines[1:]), paragraph.text
        places.append((start, name))
    # the DOCX: a paragraph per attachment, indented as the PDF sets it
    word = docx.Document(io.BytesIO(render_document(document, "docx").data))
    printed = [p for p in word.paragraphs if p.text in {n.text for n in note}]
    assert [p.text for p in printed] == [p.text for p in note]
    for paragraph, (start, name) in zip(printed, places, strict=True):
        indent = paragraph._p.pPr.find(qn("w:ind"))
        assert int(indent.get(qn("w:leftChars"))) == round(name / size * 100)
        assert int(indent.get(qn("w:hangingChars"))) == round((name - start) / size * 100)


@pytest.mark.parametrize("form_id", ["assignment_notice", "case_transfer_letter"])
def test_the_materials_start_on_the_attachment_line_and_a_long_name_runs_on_under_its_first_character(
        db, data_dir, form_id):
    lead = screened_lead(db, data_dir, SEED_LIKE)
    draft = draft_lead_document(db, lead, find_form(form_id), {**typed(form_id), "materials": LONG_MATERIALS})
    check_attachment_layout(draft, LONG_MATERIALS.split("\n"))


@pytest.mark.parametrize(("form_id", "materials"), [
    ("assignment_notice", "附件：1.案件来源登记表（复印件）\n2.投诉举报材料（复印件）"),
    ("case_transfer_letter", "附件：1.案件来源登记表（复印件）\n2.投诉举报材料（复印件）\n3.已调取的相关证据材料"),
])
def test_the_default_materials_are_listed_on_the_attachment_line_without_punctuation(db, data_dir, form_id,
                                                                                       materials):
    lead = screened_lead(db, data_dir, SEED_LIKE)
    draft = draft_lead_document(db, lead, find_form(form_id), typed(form_id))
    assert [p.text for p in attachment_note(draft)] == materials.split("\n")


def test_the_police_transfer_lists_its_attachments_on_the_attachment_line_as_the_letters_do(demo_db):
    # 涉嫌犯罪案件移送书: "附件：" no longer on a line of its own above body paragraphs ending in ；and 。
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    form = find_form("police_transfer")
    draft = draft_document(demo_db, case, form, {})
    names = form.field("attachments").default.split("\n")
    assert not any(name.endswith(("；", "。")) for name in names)
    check_attachment_layout(draft, names)
    assert "附件：" not in [p.text for p in paragraphs(draft)]


def test_the_facts_of_a_business_lead_list_the_numbers_but_not_the_party_again(db, data_dir, english):
    texts = [f"{BUSINESS}用13800138000打来推销电话", f"{BUSINESS}用13600136000打来推销电话"]
    lead = screened_lead(db, data_dir, texts)
    context = lead_context(db, get_lead_row(db, lead))
    opening = str(context["case.facts"]).split("\n")[0]
    assert opening == "2026年3月1日 to 3月2日, 2 complaints (numbers: 13600136000、13800138000)."  # as on paper
    assert BUSINESS in str(context["case.cause"]) and context["party.name"] == BUSINESS


@pytest.mark.parametrize(("first", "last", "said"), [
    ("2026-03-01 10:00:00", "2026-03-01 18:00:00", "2026年3月1日"),
    ("2026-03-25", "2026-04-17", "2026年3月25日 to 4月17日"),  # the year said once
    ("2025-12-30", "2026-01-02", "2025年12月30日 to 2026年1月2日"),
])
def test_the_period_of_the_complaints_says_the_year_once(english, first, last, said):
    assert _complaint_period(first, last) == said


def test_the_transfer_letter_says_each_thing_once_and_the_address_on_the_party_line(db, data_dir):
    lead = screened_lead(db, data_dir, SEED_LIKE)
    values = {**typed("case_transfer_letter"), "party_code": "91440606MA4W0XXX10", "party_address": "佛山市顺德区大良街道南国路1号",
              "address_label": "住所"}
    draft = draft_lead_document(db, lead, find_form("case_transfer_letter"), values)
    texts = [p.text for p in paragraphs(draft)]
    assert ("当事人：号码0757-89759395的使用人（统一社会信用代码：91440606MA4W0XXX10），住所：佛山市顺德区大良街道南国路1号。"
            in texts)
    assert not any(text.startswith("住所") for text in texts)
    whole = "".join(texts)
    assert whole.count("不属于本局管辖") == 1 and whole.count("移送你单位") == 1
    assert "现将关于号码0757-89759395的使用人涉嫌侵害消费者个人信息的线索移送你单位，有关情况如下：" in texts


def test_a_seed_like_lead_keeps_its_letters_in_sihao_where_the_transfer_letter_needed_xiaosi(db, data_dir):
    # the seed campaign's letters did not fit in 三号 before and still do not (three quoted complaints, the 附件 and
    # the seal's blank lines fill the 22 lines); said once each, the 移送函 now fits in 四号, as the notice does
    lead = screened_lead(db, data_dir, SEED_LIKE)
    for form_id in ("assignment_notice", "case_transfer_letter"):
        draft = draft_lead_document(db, lead, find_form(form_id), typed(form_id))
        styles = {p.style for p in paragraphs(draft)}
        assert "body_compact" in styles and "body_small" not in styles, form_id
        assert len([p for p in paragraphs(draft)
                    if p.style.startswith("body") and p.text.startswith(("1.", "2.", "3."))]) == 3  # all quoted
