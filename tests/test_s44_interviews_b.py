"""An interview's documents say only what happened (found by the interviews audit): the notice's 送达回证 is not
issued served before the notice was dated, after the interview it summons to, or on a day still to come; a 约谈记录
of an interview whose register records nobody attending for the party names nobody for it (no legal representative
invented: its rows are ruled blank for the hand); its interviewers and recorder are officers the register lists."""

from __future__ import annotations

import json

import pytest

from tests.helpers import pdf_text, program_day, run, run_json
from tests.test_s42_interviews import OFFICERS, P, Q
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_issue
from workstation.errors import ValidationError
from workstation.store.interviews import get_interview

NOTICE_DAY = "2026-12-04"


def _add(capsys, data_dir, date, *options) -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", date, "--topics", "骚扰电话",
                    "--time", "9:30", "--place", "三楼会议室", *OFFICERS, *options)["id"]


def _issue(capsys, data_dir, interview, form, out, values=None):
    (path := out.with_suffix(".json")).write_text(json.dumps(values or {}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form", form, "-o", out,
               "--values", str(path))


def _receipts(demo_db, interview) -> int:
    return demo_db.execute("SELECT COUNT(*) FROM documents WHERE interview_id = ? AND form_id = ?",
                           [interview, "interview_delivery_receipt"]).fetchone()[0]


def test_the_receipt_is_served_between_the_notice_and_the_interview_and_not_ahead(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    program_day(monkeypatch, NOTICE_DAY)
    interview = _add(capsys, data_dir, "2026-12-10", "--party", P)
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf",
                  {"contact_phone": "0757-83030000"})[0] == 0
    receipt = "interview_delivery_receipt"
    code, _out, err = _issue(capsys, data_dir, interview, receipt, tmp_path / "r.pdf", {"served_on": "2026-12-01"})
    assert code == 1 and err.startswith("Error: 送达日期 (served_on): This date is before the date of the 约谈通知书 served "
                                        "(2026-12-04): pick 2026-12-04 or later."), err
    code, _out, err = _issue(capsys, data_dir, interview, receipt, tmp_path / "r.pdf", {"served_on": "2026-12-05"})
    assert code == 1 and "送达日期 (served_on): This date (2026-12-05) is still to come" in err, err
    assert _receipts(demo_db, interview) == 0 and not (tmp_path / "r.pdf").exists()
    program_day(monkeypatch, "2026-12-20")  # the interview has passed: a receipt served after it is refused
    code, _out, err = _issue(capsys, data_dir, interview, receipt, tmp_path / "r.pdf", {"served_on": "2026-12-15"})
    assert code == 1 and err.startswith(
        "Error: 送达日期: The 送达日期 (2026-12-15) is after the interview of 2026-12-10 that the 约谈通知书 summons the "
        "party to: a notice is served before the interview. Give the day it was served, 2026-12-10 or earlier."), err
    assert _receipts(demo_db, interview) == 0
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, get_interview(demo_db, interview), find_form(receipt),
                              {"served_on": "2026-12-11"})
    assert "after the interview of 2026-12-10" in refused.value.errors["送达日期"]
    assert _issue(capsys, data_dir, interview, receipt, tmp_path / "r.pdf", {"served_on": "2026-12-05"})[0] == 0
    assert _receipts(demo_db, interview) == 1


def test_a_record_names_nobody_for_the_party_the_register_records_none_for(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    program_day(monkeypatch, "2026-12-04")
    interview = _add(capsys, data_dir, "2026-12-02", "--party", Q, "--commitments", "停止")
    legal_rep = demo_db.execute("SELECT legal_rep FROM parties WHERE name = ?", [Q]).fetchone()[0]
    given = {"time_to": "10:00", "issues": "骚扰电话"}
    # issued with nobody of the party it is refused (REFERENCE §2.4: 被约谈单位及参加人员, test_s50_interview_fix)
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf", given)
    assert code == 1 and "--attendee" in err, err
    from workstation.documents.drafts import find_form, render_document
    from workstation.documents.interview_documents import draft_interview_document
    from workstation.store.interviews import get_interview

    draft = draft_interview_document(demo_db, get_interview(demo_db, interview), find_form("interview_record"), given)
    text = pdf_text(render_document(draft, "pdf").data)
    # its draft's rows ruled blank for who attended to write in: not the legal representative summoned
    assert f"{Q}统一社会信用代码" in text and "参加人员姓名职务身份证件号码一、约谈指出的问题" in text
    assert legal_rep and legal_rep not in text and "法定代表人" not in text
    attended = _add(capsys, data_dir, "2026-12-03", "--party", Q, "--commitments", "停止", "--attendee", "王五:副总经理")
    assert _issue(capsys, data_dir, attended, "interview_record", tmp_path / "r2.pdf", given)[0] == 0
    assert "参加人员姓名职务身份证件号码王五副总经理" in pdf_text((tmp_path / "r2.pdf").read_bytes())


def test_a_record_names_only_officers_the_register_lists(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    program_day(monkeypatch, "2026-12-04")
    interview = _add(capsys, data_dir, "2026-12-02", "--party", Q, "--commitments", "停止", "--attendee", "王五:经理")
    given = {"time_to": "11:00", "issues": "违规催收"}
    for values, label, names in (({"interviewer1": "张冒名"}, "约谈人员（一）", "张冒名"),
                                 ({"recorder": "李某"}, "记录人", "李某"),
                                 ({"interviewer2": "陈敏仪、赵六"}, "约谈人员（二）", "赵六")):
        code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                                 {**given, **values})
        assert code == 1 and err.startswith(
            f"Error: {label}: {names} is not among the officers the interview's register lists (邓颖诗、陈敏仪): the "
            "约谈记录 names only those who interviewed and kept the record. Pick one of them, or, if another officer "
            "took part, add that officer to the interview's attendees (Edit interview) first, then issue the "
            "约谈记录."), err
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(ValidationError) as refused:  # the editor's 签发 is refused before its question, as the CLI
        check_interview_issue(demo_db, get_interview(demo_db, interview), find_form("interview_record"),
                              {**given, "interviewer1": "张冒名", "recorder": "李某"})
    assert set(refused.value.errors) == {"约谈人员（一）", "记录人"}
    # a post written after the name, in brackets too, is no part of it
    assert _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf",
                  {**given, "interviewer1": "陈敏仪", "interviewer2": "邓颖诗（股长）", "recorder": "陈敏仪(科员)"})[0] == 0
