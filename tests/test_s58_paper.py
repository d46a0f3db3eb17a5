"""Faults of the printed-documents audit (s58): a 行政处罚决定书 of a case with one party stated the case's facts and
discretion, not those of the 行政处罚告知书 served (Penalty Law arts. 44, 62), and a decision stating other facts than
that notice was issued unwarned; the 约谈通知书's 送达回证 ticked 直接送达 on every receipt and printed a page number the
case's 送达回证 does not; the 涉嫌犯罪案件移送书's 抄送 line was not set as GB/T 9704 7.4.2 sets it (四号, a character in
on either side, a name that runs on under the first one, a closing 。); a 结案审批表 drafted for an open case ticked
其他 with nothing after it."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import replace

import docx
import pytest
from docx.oxml.ns import qn

from tests.helpers import pdf_text, run, run_json
from tests.test_interview12 import STUDIO  # an individual business of the demo
from workstation import procedure
from workstation.documents.blocks import Paragraph, layout
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.fonts import resolve_fonts
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_layout import measurer, paragraph_lines
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.spec import earlier_form
from workstation.records import today
from workstation.store import find_case, get_case

CASE_FACTS = "经查，当事人于2026年8月至11月向消费者发送商业性短信441条。"
NOTICE_FACTS = "经查，当事人于2026年6月至10月向消费者拨打推销电话8,912次，涉及消费者个人信息2,356条。"
NOTICE_DISCRETION = "当事人经约谈后仍未整改，依法从重处罚。"
#: facts found since the notice, which the party was not told of
OTHER_FACTS = "经查，当事人于2026年8月至11月向消费者发送楼盘推广短信441条。"
VIOLATION = ["unsolicited_commercial_messages"]
# the decision's own values besides its facts, so that its other warnings are not given
DECISION = {"decided_on": "2026-03-20", "party_address": "佛山市南海区桂城街道南海大道1号", "fine_fen": 3_000_000, "evidence": "1.询问笔录。",
            "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}


# ---- 1. the decision of a case with one party rests on the notice served ------------------------------------------

def noticed(db, data_dir, make_case):
    """A case with one party whose own facts are not those its 行政处罚告知书 stated; the notice served, its period
    over: (case, the notice issued)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=CASE_FACTS,
                     violations=VIOLATION)
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                            {"issued_on": "2026-03-01", "hearing_required": False, "fine_fen": "30000",
                             "facts": NOTICE_FACTS, "discretion": NOTICE_DISCRETION})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    return get_case(db, case.id), notice


def _values_file(tmp_path, values: dict):
    path = tmp_path / "decision.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_one_party_decision_is_drafted_on_the_facts_and_discretion_of_the_notice_served(
        db, data_dir, make_case, tmp_path, capsys):
    case, _notice = noticed(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "penalty_decision", "-o", tmp_path / "draft.pdf")
    assert code == 0, err
    text = pdf_text((tmp_path / "draft.pdf").read_bytes())
    assert NOTICE_FACTS in text and NOTICE_DISCRETION in text
    assert "441条" not in text


def test_the_decision_approval_sheet_states_the_discretion_the_decision_does(db, data_dir, make_case):
    case, _notice = noticed(db, data_dir, make_case)
    sheet = draft_document(db, case, find_form("decision_approval"), {})
    assert NOTICE_DISCRETION in pdf_text(render_document(sheet, "pdf").data)


def test_a_decision_stating_other_facts_than_the_notice_served_is_issued_with_a_warning_naming_both(
        db, data_dir, make_case, tmp_path, capsys, english):
    case, notice = noticed(db, data_dir, make_case)
    values = _values_file(tmp_path, {**DECISION, "facts": OTHER_FACTS})
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                         "penalty_decision", "--values", values, "-o", tmp_path / "decision.pdf")
    assert code == 0 and (tmp_path / "decision.pdf").exists(), err  # told, not refused
    warning = next(line for line in err.splitlines() if "违法事实" in line)
    assert warning.startswith("Warning: The 违法事实 of this 行政处罚决定书 are not those the 行政处罚告知书 "
                              f"{notice.number} of 2026-03-01 told the party of"), err
    assert "Penalty Law arts. 44, 62" in warning and "陈述申辩及采纳情况" in warning


def test_a_decision_on_the_facts_of_the_notice_served_is_not_warned_of_them(
        db, data_dir, make_case, tmp_path, capsys, english):
    case, _notice = noticed(db, data_dir, make_case)
    # the notice's facts as the decision drafts them, with the line breaks and spaces of typing aside
    values = _values_file(tmp_path, {**DECISION, "facts": NOTICE_FACTS.replace("，", "，\n", 1) + "  "})
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                      "penalty_decision", "--values", values, "-o", tmp_path / "decision.pdf")
    assert result["number"]
    assert not [w for w in result.get("warnings", []) if "违法事实" in w]


# ---- 2. the interview's 送达回证 as the case's -----------------------------------------------------------------------

def _interview_with_notice(capsys, data_dir, tmp_path) -> str:
    day = (dt.date.fromisoformat(today()) + dt.timedelta(days=5)).isoformat()
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                         "--date", day, "--time", "下午3时", "--place",
                         "高明区市场监督管理局三楼会议室", "--topics", "用户投诉反映发送营销短信", "--officer",
                         "李明:科长", "--officer", "黄晓:科员", "--contact-phone", "0757-88283456")["id"]
    run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", "interview_notice",
             "-o", tmp_path / "notice.pdf")
    return interview


def test_the_interview_receipt_ticks_no_way_of_service_until_one_is_given_and_prints_no_page_number(
        demo_db, data_dir, capsys, tmp_path):
    from workstation.documents.interview_documents import draft_interview_document
    from workstation.store.interviews import get_interview

    interview = _interview_with_notice(capsys, data_dir, tmp_path)
    form = find_form("interview_delivery_receipt")
    assert form.version == 3 and earlier_form("interview_delivery_receipt", 1).field("method").default == "直接送达"
    draft = draft_interview_document(demo_db, get_interview(demo_db, interview), form)
    rendered = render_pdf(draft)
    assert not [line for line in rendered.lines if line.kind == "page_number"]  # as the case's receipt: none
    text = pdf_text(rendered.data)
    assert "□直接送达" in text and "☑" not in text
    # issued without one: ticked by hand at the service, as the case's receipt is
    issued = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                      "interview_delivery_receipt", "-o", tmp_path / "receipt.pdf")
    assert issued["id"]
    assert "☑" not in pdf_text((tmp_path / "receipt.pdf").read_bytes())
    ticked = draft_interview_document(demo_db, get_interview(demo_db, interview), form, {"method": "邮寄送达"})
    assert "☑邮寄送达" in pdf_text(render_pdf(ticked).data)


# ---- 3. the 抄送 line of the 涉嫌犯罪案件移送书 ------------------------------------------------------------------------

# two bodies, long enough to run on to a second line
CC = "佛山市南海区人民检察院、佛山市人民检察院、广东省佛山市南海区人民政府办公室、佛山市市场监督管理局执法监督科"


def _cc_paragraph(document) -> Paragraph:
    return next(b for b in document.blocks if isinstance(b, Paragraph) and b.text.startswith("抄送"))


def test_the_police_transfer_sets_its_cc_line_as_gb_t_9704_does(demo_db):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    form = find_form("police_transfer")
    assert form.version == 9 and earlier_form("police_transfer", 8).version == 8 and earlier_form("police_transfer", 7).version == 7
    draft = draft_document(demo_db, case, form, {"cc": CC + "。"})  # a closing mark typed is not printed twice
    cc = _cc_paragraph(draft)
    assert cc.text == f"抄送：{CC}。"
    style = layout()["styles"][cc.style]
    assert style["size"] == 14 and style["font"] == "fangsong"  # 四号仿宋
    page = layout()["page"]
    width = (page["width_mm"] - page["left_mm"] - page["right_mm"]) / 25.4 * 72
    measure = measurer(resolve_fonts())
    lines = paragraph_lines(cc, width, measure)
    assert len(lines) > 1
    size = 14
    assert lines[0].x == pytest.approx(size)  # one character in
    under = size + measure.width(cc.style, "抄送：", size)
    assert all(line.x == pytest.approx(under) for line in lines[1:])  # under the first character after the colon
    assert all(line.x + line.width <= width - size + 0.5 for line in lines)  # one character from the right
    # the DOCX as the PDF
    word = docx.Document(io.BytesIO(render_document(draft, "docx").data))
    printed = next(p for p in word.paragraphs if p.text.startswith("抄送"))
    assert printed.text == f"抄送：{CC}。"
    indent = printed._p.pPr.find(qn("w:ind"))
    assert int(indent.get(qn("w:leftChars"))) == round(under / size * 100)
    assert int(indent.get(qn("w:hangingChars"))) == round((under - size) / size * 100)
    assert printed.style.font.size.pt == 14
    assert printed._p.pPr.find(qn("w:keepLines")) is not None  # never cut between pages


def test_a_cc_line_that_does_not_fit_at_the_foot_of_the_page_is_set_whole_on_the_next(demo_db):
    from workstation.documents.blocks import Document, Spacer

    # the 落款 and a blank line after 19 lines of text leave room for one line of 四号 at the foot of the page
    body = tuple(Paragraph.of("正文" * 13, "body") for _ in range(19))
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    cc = _cc_paragraph(draft_document(demo_db, case, find_form("police_transfer"), {"cc": CC}))

    def pages(paragraph) -> list[int]:
        rendered = render_pdf(Document("涉嫌犯罪案件移送书", (
            *body, Paragraph.of("佛山市南海区市场监督管理局", "signature"), Spacer(1), paragraph)))
        return [line.page for line in rendered.lines if line.style == "cc"]

    assert pages(replace(cc, keep_lines=False))[:2] == [1, 2]  # it would be cut after its first line
    assert len(pages(cc)) == 3 and set(pages(cc)) == {2}


def test_the_police_transfer_prints_no_cc_line_without_one(demo_db):
    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    draft = draft_document(demo_db, case, find_form("police_transfer"), {})
    assert not [b for b in draft.blocks if isinstance(b, Paragraph) and "抄送" in b.text]


# ---- 4. the 结案审批表 of a case not ended -------------------------------------------------------------------------

def test_a_closing_sheet_drafted_for_an_open_case_ticks_no_ground(db, data_dir, make_case, tmp_path, capsys):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=CASE_FACTS, violations=VIOLATION)
    form = find_form("closing_approval")
    assert form.version >= 13 and earlier_form("closing_approval", 12).field("ground").default == "其他"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "closing_approval", "-o", tmp_path / "sheet.pdf")
    assert code == 0, err
    text = pdf_text((tmp_path / "sheet.pdf").read_bytes())
    assert "□其他：" in text and "☑" not in text
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                          "closing_approval", "-o", tmp_path / "issued.pdf")
    assert code == 1 and not (tmp_path / "issued.pdf").exists()
    assert "结案理由" in err, err


# ---- 1b. the notice's 裁量理由 only while its penalty is still the case's ------------------------------------------

def heavier_notice_then_lighter(db, data_dir, make_case):
    """A case with one party told at 从重 (¥450,000 of the ¥0 – ¥500,000 range) in the 行政处罚告知书 served, whose
    tier and fine were lowered to 从轻 (¥50,000) after the party's statement, in Penalty and discretion…: the case."""
    from workstation.law.case_law import save_penalty_choice

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=CASE_FACTS,
                     violations=VIOLATION, fine_fen=45_000_000, discretion_tier="heavier")
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                            {"issued_on": "2026-03-01", "facts": NOTICE_FACTS})
    assert "依法从重处罚" in str(notice.values["discretion"])
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    return save_penalty_choice(db, get_case(db, case.id), act_on=None, prior_punished=False, penalty_norm="",
                               discretion_tier="lighter", discretion_factors=["cooperated"],
                               discretion_reason="", fine_fen=5_000_000)


def test_a_decision_after_the_tier_was_lowered_states_the_case_s_tier_and_is_issued(
        db, data_dir, make_case, tmp_path, capsys, english):
    case = heavier_notice_then_lighter(db, data_dir, make_case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form",
                          "penalty_decision", "-o", tmp_path / "draft.pdf")
    assert code == 0, err
    text = pdf_text((tmp_path / "draft.pdf").read_bytes())
    assert "依法从轻处罚" in text and "从重" not in text
    assert "50,000" in text or "伍万" in text
    assert NOTICE_FACTS in text  # the facts the party was told of still (their change is warned of at issue)
    values = {key: value for key, value in DECISION.items() if key != "fine_fen"}
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                          "penalty_decision", "--values", _values_file(tmp_path, values), "-o",
                          tmp_path / "decision.pdf")
    assert code == 0 and (tmp_path / "decision.pdf").exists(), err
    assert "依法从轻处罚" in pdf_text((tmp_path / "decision.pdf").read_bytes())


def test_a_notice_correction_drafted_after_the_tier_was_lowered_states_the_case_s_tier(db, data_dir, make_case):
    case = heavier_notice_then_lighter(db, data_dir, make_case)
    for form_id in ("pre_penalty_notice", "decision_approval"):
        text = pdf_text(render_document(draft_document(db, case, find_form(form_id), {}), "pdf").data)
        assert "依法从轻处罚" in text and "依法从重处罚" not in text, form_id
