"""The 送达回证 of a 约谈通知书 (REFERENCE §2.4: the notice is served with one): drawn from the interview register with
the notice issued to the party and its 文号, the party's address and the interviewing officers; one for each party of
a joint interview, for the party chosen; refused until the notice it proves is issued. It was not to be had at all:
``docs render <interview> --form delivery_receipt`` was refused as a case document."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import pdf_text, run, run_json
from tests.test_interview12 import STUDIO  # an individual business of the demo
from tests.test_ui_interviews import OPERATOR_NAMES, OPERATORS_INTERVIEW, before_the_interview
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import interview_documents, issue_interview_document
from workstation.records import today

STUDIO_ADDRESS = "佛山市高明区杨和镇杨和大道260号202室"


def _scheduled(capsys, data_dir) -> str:
    day = (dt.date.fromisoformat(today()) + dt.timedelta(days=5)).isoformat()
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                    "--date", day, "--time", "下午3时", "--place", "高明区市场监督管理局三楼会议室",
                    "--topics", "用户投诉反映发送营销短信", "--officer", "李明:科长", "--officer", "黄晓:科员",
                    "--contact-phone", "0757-88283456")["id"]


def test_the_receipt_names_the_notice_issued_and_is_issued_once_it_is(demo_db, data_dir, capsys, tmp_path, english):
    interview = _scheduled(capsys, data_dir)
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_delivery_receipt", "-o", tmp_path / "early.pdf")
    assert code == 1 and not (tmp_path / "early.pdf").exists()
    assert err == (f"Error: No 约谈通知书 has been issued to {STUDIO} for this interview yet: issue it first; the 送达回证 "
                   "proves it was served.\n")
    notice = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", "interview_notice",
                      "-o", tmp_path / "notice.pdf")
    draft = run_json(capsys, "docs", "render", interview, "--data-dir", data_dir, "--form",
                     "interview_delivery_receipt", "-o", tmp_path / "draft.pdf")
    assert draft["pages"] == 1
    issued = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                      "interview_delivery_receipt", "-o", tmp_path / "receipt.pdf")
    assert issued["number"] is None  # it carries the notice's 文号, none of its own
    for pdf in ("draft.pdf", "receipt.pdf"):
        text = pdf_text((tmp_path / pdf).read_bytes())
        assert f"送达回证送达文书名称及文号约谈通知书（{notice['number']}）受送达人{STUDIO}送达地点{STUDIO_ADDRESS}" in text
        assert "送达人李明、黄晓送达人签名" in text and "佛山市高明区市场监督管理局（印章）" in text
    kept = [d for d in interview_documents(demo_db, interview) if d.form_id == "interview_delivery_receipt"]
    assert [(d.title, d.number, d.values["party_name"]) for d in kept] == [("送达回证", None, STUDIO)]


def test_a_joint_interview_s_receipt_is_for_the_party_chosen_and_names_its_own_notice(
        demo_db, data_dir, capsys, monkeypatch, tmp_path, english):
    interview = before_the_interview(demo_db, monkeypatch, OPERATORS_INTERVIEW)
    notice = find_form("interview_notice")
    numbers = {OPERATOR_NAMES[i]: issue_interview_document(demo_db, data_dir, interview, notice, party_id=party).number
               for i, party in enumerate(interview.party_ids)}
    code, _out, err = run(capsys, "interviews", "issue", OPERATORS_INTERVIEW, "--data-dir", data_dir, "--form",
                          "interview_delivery_receipt", "-o", tmp_path / "r.pdf")
    assert code == 1 and "say which of its 3 parties" in err and not (tmp_path / "r.pdf").exists()
    run_json(capsys, "interviews", "issue", OPERATORS_INTERVIEW, "--data-dir", data_dir, "--form",
             "interview_delivery_receipt", "--party", OPERATOR_NAMES[1], "-o", tmp_path / "r.pdf")
    text = pdf_text((tmp_path / "r.pdf").read_bytes())
    assert f"约谈通知书（{numbers[OPERATOR_NAMES[1]]}）受送达人{OPERATOR_NAMES[1]}" in text
    assert numbers[OPERATOR_NAMES[0]] not in text and numbers[OPERATOR_NAMES[2]] not in text


@pytest.mark.gui
def test_the_receipt_is_written_from_the_page_for_the_party_chosen_naming_its_notice_once_issued(
        demo_db, data_dir, make_window, prompts, tmp_path, monkeypatch):
    before_the_interview(demo_db, monkeypatch, OPERATORS_INTERVIEW)
    window = make_window(demo_db)
    page = window.interviews_page
    page.select(OPERATORS_INTERVIEW)
    assert "interview_delivery_receipt" not in page.buttons  # written from 编写文书…: the row fits 1,024 pixels
    assert page.buttons["interview_record"].text() == "约谈记录(&2)…"  # the buttons' keys as before

    def receipt_for(party: int):
        menu = page.build_write_menu(page.selected_row())
        sub = next(a for a in menu.actions() if a.text() == "送达回证").menu()
        return sub.actions()[party]

    receipt_for(0).trigger()  # written before the notice is issued: its line left blank (its 签发 is refused)
    assert len(window.editors) == 1 and window.editors[0].current_values()["served_document"] == ""
    prompts.files = [str(tmp_path / f"notice{i}.pdf") for i in range(3)]
    page.buttons["interview_notice"].click()
    receipt_for(2).trigger()
    editor = window.editors[-1]
    assert editor.current_values()["party_name"] == OPERATOR_NAMES[2]
    number = next(d.number for d in interview_documents(demo_db, OPERATORS_INTERVIEW)
                  if d.form_id == "interview_notice" and d.values["party_name"] == OPERATOR_NAMES[2])
    assert editor.current_values()["served_document"] == f"约谈通知书（{number}）"
