"""Interviews audit (s48): a date changed counts the automatic 整改期限 again (one typed by hand is kept, and a
refusal names what to change), an interview held after it was recorded absent does not keep the absence reason as
its summary, the record's last attendee row names no party before its own people, an interview on a rest day is
warned of, a voided interview is said void before its date is judged."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation.case_records import Party
from workstation.records import SHANGHAI

Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员", "--attendee", "王五:法定代表人")


def _add(capsys, data_dir, day: str, *options) -> dict:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", day, "--party", Q,
                    "--topics", "骚扰电话", "--commitments", "停止外呼", *OFFICERS, *options)


def _counted(db, day: str) -> str:
    from workstation.clocks import data_dir_of
    from workstation.store.interviews import rectification_workdays
    from workstation.workdays import default_calendar

    return default_calendar(data_dir_of(db)).add_workdays(dt.date.fromisoformat(day),
                                                           rectification_workdays()).isoformat()


# 1. the automatic deadline follows the date -------------------------------------------------------------------
def test_a_date_changed_counts_the_automatic_deadline_again(demo_db, data_dir, capsys, english):
    added = _add(capsys, data_dir, "2025-12-10")
    assert added["rectification_due"] == "2025-12-31"
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, added["id"], "--date", "2025-12-30")
    assert edited["rectification_due"] == _counted(demo_db, "2025-12-30") != "2025-12-31"
    later = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, added["id"], "--date", "2026-01-05")
    assert later["rectification_due"] == _counted(demo_db, "2026-01-05")


def test_a_deadline_typed_by_hand_is_kept_and_its_refusal_names_how_to_change_it(demo_db, data_dir, capsys,
                                                                                   english):
    added = _add(capsys, data_dir, "2025-12-10", "--deadline", "2026-01-20")
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, added["id"], "--date", "2026-01-06")
    assert edited["rectification_due"] == "2026-01-20"
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, added["id"], "--date", "2026-01-26")
    assert code == 1
    assert not err.lstrip().startswith("--deadline") and "--deadline:" not in err  # an option never given
    assert "2026-01-20" in err and "--date" in err and "--deadline YYYY-MM-DD" in err
    # given, --deadline is the option to name
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, added["id"], "--date", "2026-01-26",
                          "--deadline", "2026-01-21")
    assert code == 1 and "--deadline:" in err


def test_the_store_and_the_editor_count_the_deadline_again(demo_db, data_dir, capsys, prompts, qtbot):
    from dataclasses import replace

    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview, save_interview

    interview = get_interview(demo_db, _add(capsys, data_dir, "2025-12-10")["id"])
    saved = save_interview(demo_db, replace(interview, held_on="2025-12-30"))
    assert saved.rectification_due == _counted(demo_db, "2025-12-30")
    dialog = InterviewDialog(demo_db, prompts, saved)
    qtbot.addWidget(dialog)
    dialog.dates["held_on"].setText("2026-01-12")
    assert not dialog.validate()
    dialog.save()
    assert dialog.saved_interview.rectification_due == _counted(demo_db, "2026-01-12")


# 2. held after absent ------------------------------------------------------------------------------------------
def test_held_after_absent_does_not_keep_the_absence_reason_as_summary(demo_db, data_dir, capsys, tmp_path,
                                                                       monkeypatch, english):
    move_program_clock(monkeypatch, dt.datetime(2026, 11, 18, 10, tzinfo=SHANGHAI))
    interview = _add(capsys, data_dir, "2026-11-20", "--time", "9:30", "--place", "三楼会议室")["id"]
    (values := tmp_path / "notice.json").write_text(json.dumps({"contact_phone": "0757-83030000"}), "utf-8")
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_notice", "-o", tmp_path / "notice.pdf", "--values", values)
    assert code == 0, err  # served, as the reason says
    move_program_clock(monkeypatch, dt.datetime(2026, 12, 4, 10, tzinfo=SHANGHAI))
    run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经送达通知书后未到场")
    code, _out, err = run(capsys, "interviews", "held", "--data-dir", data_dir, interview)
    assert code == 0
    from workstation.store.interviews import get_interview

    assert "未到场" not in get_interview(demo_db, interview).summary
    assert "Warning:" in err and "经送达通知书后未到场" in err and "--summary" in err
    # a summary given is recorded, with no warning
    run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到场")
    code, _out, err = run(capsys, "interviews", "held", "--data-dir", data_dir, interview, "--summary", "要求整改")
    assert code == 0 and "Warning" not in err and get_interview(demo_db, interview).summary == "要求整改"


def test_ticking_held_on_an_absent_interview_clears_the_reason(demo_db, data_dir, capsys, prompts, qtbot):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import mark_absent

    interview = mark_absent(demo_db, _add(capsys, data_dir, "2026-11-20")["id"], "经送达通知书后未到场")
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    dialog.held.setChecked(True)
    assert dialog.texts["summary"].toPlainText() == ""
    dialog.undo_stack.undo()  # one step: the tick and the summary cleared
    assert dialog.texts["summary"].toPlainText() == "经送达通知书后未到场" and not dialog.held.isChecked()


# 3. the record's last attendee row -----------------------------------------------------------------------------
def test_the_joined_attendee_row_names_no_party_before_its_own_people():
    from workstation.formkit.interview_values import _party_context

    party = Party(name="佛山市顺德区霁川房地产开发有限公司")
    people = [{"name": n, "organisation": party.name, "post": p}
              for n, p in (("甲", "总经理"), ("乙", "副总经理"), ("丙", "合规负责人"), ("丁", "营销经理"))]
    people.append({"name": "戊", "organisation": "佛山市房地产业协会", "post": "秘书长"})
    context = _party_context(party, people, 1)
    assert context["interview.attendee3.name"] == "丙、丁、戊"
    assert context["interview.attendee3.post"] == "合规负责人、营销经理、佛山市房地产业协会 秘书长"


# 4. a rest day ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("day, words", [("2026-12-12", "weekend"), ("2026-10-02", "National Day"),
                                        ("2027-01-01", "New Year"), ("2027-02-10", "Spring Festival")])
def test_an_interview_on_a_rest_day_is_warned_of(demo_db, data_dir, capsys, english, day, words):
    code, out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--date", day, "--party", Q,
                         "--topics", "骚扰电话", *OFFICERS)
    assert code == 0 and "Warning:" in err and words in err and day in err
    if day.startswith("2027"):
        assert "not known yet" in err


def test_no_rest_day_warning_on_a_working_day_and_one_on_edit_and_issue(demo_db, data_dir, capsys, english,
                                                                         tmp_path):
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-10", "--party", Q,
                         "--topics", "骚扰电话", "--place", "三楼会议室", "--time", "9:30", *OFFICERS)["id"]
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--place", "四楼")
    assert code == 0 and "rest day" not in err
    code, _out, err = run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--date", "2026-12-12")
    assert code == 0 and "Warning:" in err and "2026-12-12" in err
    code, _out, err = run(capsys, "interviews", "issue", "--data-dir", data_dir, interview, "--form",
                          "interview_notice", "-o", tmp_path / "n.pdf")
    assert code == 0, err
    assert "Warning:" in err and "2026-12-12" in err


def test_the_editor_and_the_page_warn_of_a_rest_day(demo_db, data_dir, capsys, prompts, qtbot):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    interview = get_interview(demo_db, run_json(
        capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-10", "--party", Q, "--topics",
        "骚扰电话", *OFFICERS)["id"])
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    assert not dialog.rest_day_warning.text()
    dialog.dates["held_on"].setText("2026-12-12")
    dialog.validate()
    assert "2026-12-12" in dialog.rest_day_warning.text() and not dialog.rest_day_warning.isHidden()


def test_the_page_asks_before_issuing_a_notice_for_a_rest_day(demo_db, data_dir, capsys, make_window, prompts,
                                                               english, tmp_path):
    from workstation.documents.interview_documents import interview_documents

    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-12", "--party", Q,
                         "--topics", "骚扰电话", "--place", "三楼会议室", "--time", "9:30", *OFFICERS)["id"]
    page = make_window(demo_db).interviews_page
    page.select(interview)
    prompts.files.append(str(tmp_path / "notice.pdf"))
    page.buttons["interview_notice"].click()
    assert not prompts.errors and any("2026-12-12" in c and "rest day" in c for c in prompts.confirmations)
    assert interview_documents(demo_db, interview) == []  # answered No: nothing issued


# 5. small ones ---------------------------------------------------------------------------------------------------
def test_held_on_a_voided_interview_ahead_says_void(demo_db, data_dir, capsys, english):
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--date", "2026-12-21", "--party", Q,
                         "--topics", "骚扰电话", *OFFICERS)["id"]
    run_json(capsys, "interviews", "void", "--data-dir", data_dir, interview, "--reason", "误录")
    code, _out, err = run(capsys, "interviews", "held", "--data-dir", data_dir, interview)
    assert code == 1 and "voided" in err and "still to come" not in err
