"""Mends of the interviews audit (约谈, s76): a 约谈通知书 issued before its interview was moved is marked as summoning
to the day it printed by `interviews list` (text and --json) and `docs register` as the window marks it, and the
change is told to void it and issue a new one (1); `interviews add --party` refuses a malformed credit code as such and
says where an unrecorded party is registered (2); `interviews issue -o X.docx` names `docs render` (3); the 通报 says
that its follow-up figures count a joint interview under each of its parties' outcomes (4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation.records import SHANGHAI
from workstation.store.interviews import get_interview

MOBILE_USCC = "91440600715768638N"  # 中国移动通信集团广东有限公司佛山分公司, in the demo
TELECOMS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three operators
MOBILE = "中国移动通信集团广东有限公司佛山分公司"


def _at(monkeypatch, day: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=SHANGHAI))


def _add(capsys, data_dir, *more: str):
    return run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440600", "--date", "2026-12-15",
               "--time", "9:30", "--place", "本局会议室", "--topics", "骚扰电话", "--officer", "欧文辉:科长",
               "--officer", "冯俊杰:科员", "--contact-phone", "0757-83033333", "--attendee", "张三:法定代表人", *more)


def _noticed(capsys, data_dir, tmp_path, monkeypatch) -> tuple[str, str]:
    _at(monkeypatch, "2026-12-07")
    code, out, err = _add(capsys, data_dir, "--party", MOBILE_USCC, "--json")
    assert code == 0, err
    interview_id = json.loads(out)["id"]
    issued = run_json(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form",
                      "interview_notice", "-o", tmp_path / "n.pdf")
    return interview_id, issued["number"]


def _moved(capsys, data_dir, tmp_path, monkeypatch) -> tuple[str, str]:
    interview_id, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    code, _out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-18",
                          "--despite-issued")
    assert code == 0, err
    return interview_id, number


# 1. a notice summoning to the day the interview was moved from --------------------------------------------------
def test_the_list_marks_a_notice_summoning_to_another_day(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview_id, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    line = next(li for li in run(capsys, "interviews", "list", "--data-dir", data_dir)[1].splitlines()
                if li.startswith(interview_id))
    assert "summons to" not in line
    row = next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == interview_id)
    assert row["documents"] == [{"number": number, "title": "约谈通知书", "status": "issued", "summons_to": None}]
    run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-18", "--despite-issued")
    line = next(li for li in run(capsys, "interviews", "list", "--data-dir", data_dir)[1].splitlines()
                if li.startswith(interview_id))
    assert line.endswith(f"约谈通知书 {number} (summons to 2026-12-15 09:30, not to the interview as set)"), line
    row = next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == interview_id)
    assert row["documents"] == [{"number": number, "title": "约谈通知书", "status": "issued",
                                 "summons_to": "2026-12-15 09:30"}]


def test_the_document_register_marks_it_too(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _interview_id, number = _moved(capsys, data_dir, tmp_path, monkeypatch)
    line = next(li for li in run(capsys, "docs", "register", "--data-dir", data_dir)[1].splitlines() if number in li)
    assert "summons to 2026-12-15 09:30, not to the interview as set" in line, line
    row = next(r for r in run_json(capsys, "docs", "register", "--data-dir", data_dir) if r["number"] == number)
    assert "summons to 2026-12-15 09:30" in row["note"]


@pytest.mark.gui
def test_the_window_marks_it_with_the_same_words(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from ui.interviews_page import InterviewRow

    interview_id, number = _moved(capsys, data_dir, tmp_path, monkeypatch)
    shown = InterviewRow(demo_db, get_interview(demo_db, interview_id), "2026-12-07").documents_text()
    assert shown == f"约谈通知书 {number} (summons to 2026-12-15 09:30, not to the interview as set)"


def test_moving_a_noticed_interview_says_to_void_the_notice_and_issue_a_new_one(demo_db, data_dir, capsys, tmp_path,
                                                                                monkeypatch, english):
    interview_id, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    code, _out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-18")
    assert code == 1
    assert f"docs void {number} --reason TEXT" in err and "new 文号" in err, err
    assert get_interview(demo_db, interview_id).held_on == "2026-12-15"
    # what it says can be done: voided, a new notice is issued under a new number
    run_json(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-18",
             "--despite-issued")
    run_json(capsys, "docs", "void", number, "--data-dir", data_dir, "--reason", "改期")
    again = run_json(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form",
                     "interview_notice", "-o", tmp_path / "n2.pdf")
    assert again["number"] and again["number"] != number


def test_moving_a_noticed_interview_to_a_past_day_does_not_say_to_void_the_notice_that_stays(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview_id, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    _at(monkeypatch, "2026-12-20")
    code, _out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-10")

    assert code == 1
    assert "the notice issued stays as it is" in err, err
    assert "docs void" not in err and "any other document" not in err, err  # nothing else issued: nothing to void
    assert get_interview(demo_db, interview_id).held_on == "2026-12-15"


# 2. a party not recorded, a malformed credit code ------------------------------------------------------------------
def test_a_malformed_credit_code_is_refused_as_such(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch, "2026-12-07")
    code, _out, err = _add(capsys, data_dir, "--party", "91440600715768638X")
    assert code == 1
    assert "check character of 91440600715768638X is wrong" in err and "No party" not in err, err


def test_an_unrecorded_party_is_told_where_to_register_it(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch, "2026-12-07")
    code, _out, err = _add(capsys, data_dir, "--party", "佛山市测试科技有限公司")
    assert code == 1
    assert "No party 佛山市测试科技有限公司" in err and "New party…" in err, err
    # a party recorded is still found by its code or name
    assert _add(capsys, data_dir, "--party", MOBILE, "--allow-duplicate")[0] == 0


# 3. the DOCX of a notice ---------------------------------------------------------------------------------------------
def test_issue_to_a_docx_names_docs_render(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview_id, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    code, _out, err = run(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form",
                          "interview_notice", "-o", tmp_path / "n.docx")
    assert code == 1
    assert "docs render --document" in err and "n.docx" in err, err
    target = tmp_path / "n.docx"
    run_json(capsys, "docs", "render", "--data-dir", data_dir, "--document", number, "-o", target)
    assert target.stat().st_size > 0


# 4. the 通报's follow-up figures -------------------------------------------------------------------------------------
def test_the_report_says_a_joint_interview_counts_under_each_of_its_parties_outcomes(demo_db, data_dir, capsys,
                                                                                     monkeypatch):
    from workstation.reports.text import _interviews
    from workstation.stats import campaign_stats

    _at(monkeypatch, "2026-12-07")
    before = campaign_stats(demo_db)
    assert "interviews_follow_up_split" not in before or before["interviews_follow_up_split"] == 0
    assert "按被约谈对象" not in "".join(_interviews(before))
    run_json(capsys, "interviews", "follow-up", TELECOMS, "--data-dir", data_dir, "--on", "2026-06-01", "--result",
             "复查发现仍在拨打", "--outcome", "not_rectified", "--party", MOBILE)
    stats = campaign_stats(demo_db)
    assert stats["interviews"] == before["interviews"]  # the keys keep their meaning
    assert sum(stats["interviews_follow_up"].values()) == sum(before["interviews_follow_up"].values()) + 1
    assert stats["interviews_follow_up_split"] == 1
    text = "".join(_interviews(stats))
    assert "按被约谈对象的整改情况计入" in text and "1次联合约谈" in text, text
