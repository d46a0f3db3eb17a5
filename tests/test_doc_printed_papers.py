"""The printed papers read right (session 20 QA of the document editor): the violation sentence printed once — the
facts prefilled into a document that states the legal conclusion itself leave out their own concluding
“上述行为违反了…的规定。”; the 先行登记保存证据通知书 with a few items kept on one sheet (blank rows only as many as
the sheet still holds); an issued document saved as DOCX carrying its 文号; and a 文号 never broken inside a line."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from tests.rendering import case_draft, docx_of, pdf_of
from tests.test_law_guards import under_investigation
from workstation.documents.blocks import Table
from workstation.documents.compose import DRAFT_NUMBER
from workstation.documents.drafts import find_form, without_old_defaults
from workstation.documents.fitting import page_count
from workstation.documents.fonts import resolve_fonts, stand_in_note
from workstation.documents.issuing import get_document, issue_document, issued_docx
from workstation.documents.linebreak import break_lines
from workstation.errors import WorkstationError
from workstation.formkit.values import case_context, facts_found
from workstation.store import find_case

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司
CONCLUSION = "上述行为违反了《中华人民共和国消费者权益保护法》第二十九条第三款的规定。"
ITEMS3 = ("1 | 笔记本电脑（存有客户名单） | 联想ThinkPad E14 | 1台 | 当事人经营场所\n"
          "2 | 客户信息登记簿 | A4纸质 | 3本 | 当事人经营场所\n"
          "3 | 手机 | 华为Mate60 | 2部 | 当事人经营场所")


def docx_text(data: bytes) -> str:
    body = docx.Document(io.BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t"))


# ---- 1. the violation sentence once

def test_the_facts_lose_only_their_concluding_violation_sentence():
    found = "经查，当事人于2026年1月至2月发送贷款推广短信，涉及消费者个人信息453条。当事人不能说明上述信息的合法来源。"
    assert facts_found(found + CONCLUSION) == found
    assert facts_found(found + "当事人的" + CONCLUSION + "\n") == found
    assert facts_found(found) == found  # facts ending otherwise are left as they are
    assert facts_found(CONCLUSION) == CONCLUSION  # nothing but the conclusion: kept rather than emptied
    middle = "当事人的上述行为违反了规定，经责令改正后仍未改正。"  # not the closing sentence: kept
    assert facts_found(found + middle) == found + middle


@pytest.mark.parametrize("form_id", ["rectification_order", "on_the_spot_decision", "penalty_decision",
                                     "pre_penalty_notice", "decision_approval"])
def test_a_document_stating_the_violation_prints_it_once(read_demo_db, form_id):
    case = find_case(read_demo_db, COMPANY)
    assert case.facts.rstrip().endswith("的规定。") and "上述行为违反了" in case.facts  # the case view keeps it
    document = case_draft(read_demo_db, COMPANY, form_id,
                          {"serial_no": "0012345"} if form_id == "on_the_spot_decision" else None)
    for text in ("".join(pdf_of(document).text_lines()), docx_text(docx_of(document))):
        assert text.count("上述行为违反了") == 1, form_id
        assert facts_found(case.facts)[:40] in text


def test_a_kept_draft_holding_the_whole_facts_takes_them_without_the_conclusion(read_demo_db):
    case = find_case(read_demo_db, COMPANY)
    form = find_form("penalty_decision")
    values, outdated = without_old_defaults(read_demo_db, case, form, {"facts": case.facts})
    assert "facts" not in values and outdated == ["违法事实"]
    assert case_context(read_demo_db, case)["case.facts_found"] == facts_found(case.facts)
    written = {"facts": case.facts + "另查明，当事人已删除上述名单。"}  # written on by the officer: kept
    assert without_old_defaults(read_demo_db, case, form, written)[0] == written


# ---- 2. the 先行登记保存证据通知书 on one sheet

def _table(document) -> Table:
    return next(block for block in document.blocks if isinstance(block, Table))


def test_a_preservation_notice_with_three_items_stays_one_sheet(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "preservation_notice",
                          {"items": ITEMS3, "preserved_on": "2026-12-01"})
    rendered = pdf_of(document)
    assert rendered.pages == 1  # it spilled its closing paragraph, 联系人, 落款 and signature onto page 2
    text = "".join(rendered.text_lines())
    for closing in ("本局将在七个工作日内对上述物品作出处理决定", "联系人：", "当事人（签名或者盖章）："):
        assert closing in text
    rows = len(_table(document).rows)
    assert 1 + 3 <= rows < 1 + 3 + 4  # the items, and no more blank rows than the sheet holds
    word = docx.Document(io.BytesIO(docx_of(document)))
    assert len(word.tables[0].rows) == rows  # the DOCX carries the same rows


def test_a_preservation_notice_without_items_keeps_rows_to_write_them_in(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "preservation_notice", {"items": "", "preserved_on": "2026-12-01"})
    assert page_count(document) == 1 and len(_table(document).rows) > 1


def test_a_preservation_notice_with_one_item_keeps_its_full_size_and_a_blank_row(read_demo_db):
    document = case_draft(read_demo_db, COMPANY, "preservation_notice",
                          {"items": ITEMS3.splitlines()[0], "preserved_on": "2026-12-01"})
    assert page_count(document) == 1 and len(_table(document).rows) > 2
    assert all(not getattr(block, "style", "").endswith(("_compact", "_small")) for block in document.blocks)


# ---- 5. an issued document saved as DOCX

def test_an_issued_document_gives_a_docx_with_its_number_and_stays_frozen(demo_db, data_dir):
    case = find_case(demo_db, COMPANY)
    form = find_form("preservation_notice")
    with under_investigation(demo_db, case) as investigated:  # preserved while the case was investigated
        issued = issue_document(demo_db, data_dir, investigated, form, {"items": ITEMS3, "preserved_on": "2026-12-01"})
    context = case_context(demo_db, case)
    text = docx_text(issued_docx(issued, form, agency=str(context["agency.name"]), case_number=case.case_number))
    assert issued.number and issued.number in text and DRAFT_NUMBER not in text
    assert "华为Mate60" in text and "2026年12月1日" in text
    assert get_document(demo_db, issued.id) == issued  # the frozen record is not touched
    changed = replace(form, version=form.version + 1)
    with pytest.raises(WorkstationError, match=issued.number.replace("〔", r"\〔")):
        issued_docx(issued, changed, agency=str(context["agency.name"]))


# ---- 6. a 文号 never broken inside

def width(text: str) -> float:
    return sum(0.5 if ord(c) < 0x2000 else 1.0 for c in text)


def test_a_document_number_is_never_broken_inside_a_line():
    text = "本局于2026年12月1日以《先行登记保存证据通知书》（佛南市监保存〔2026〕1号）对下列物品予以先行登记保存："
    for tenths in range(200, 320, 5):  # every line width from 20 to 31.5 characters
        lines = break_lines(text, tenths / 10, width, stretch=0.1)
        assert any("佛南市监保存〔2026〕1号" in line for line in lines), (tenths, lines)


def test_the_preservation_release_prints_the_notices_number_on_one_line(read_demo_db):
    number = "佛南市监保存〔2026〕1号"
    document = case_draft(read_demo_db, COMPANY, "preservation_release",
                          {"notice_no": number, "items": ITEMS3, "released_on": "2026-12-01"})
    lines = pdf_of(document).text_lines()
    assert any(number in line for line in lines), lines


# ---- 4. the face standing in for 仿宋 (the editor's line: tests/test_ui_editor_papers.py)

def test_the_note_names_the_stand_in_face_and_the_folder_only_when_one_stands_in(tmp_path):
    fonts = resolve_fonts(tmp_path)
    folder = Path(tmp_path) / "fonts"
    official = replace(fonts, faces={style: replace(face, fallback=False) for style, face in fonts.faces.items()})
    assert stand_in_note(official, folder) == ""
    standing = replace(fonts, faces={**fonts.faces, "fangsong": replace(fonts.faces["fangsong"], fallback=True)})
    note = stand_in_note(standing, folder)
    assert "仿宋" in note and fonts.faces["fangsong"].family in note and "simfang.ttf" in note and str(folder) in note
