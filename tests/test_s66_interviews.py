"""Faults of the interviews left by s65 (约谈, s66): the deadline board says the period of a rectification deadline
typed on a rest day from the day typed, as the 约谈记录 words it (``rectification_terms``: a typed 30 days ending on a
Saturday stays 30 days, due on the Monday it runs to), its calculation naming both days — hedged, as the register's
warning is, in a year whose holidays are not known yet; a deadline a whole number of working days after the interview
is said in working days, as the record words it, whatever the officer counted (only the day is kept) (1); the
statistics count an interview by the deadline in force, the later day its issued 约谈记录's working days end on, as the
board and the overdue follow-ups do, read once per interview (2); the document editor of a 约谈记录 or 约谈纪要 warns
of a party none of whose attendees is its legal representative or principal person — the record's as its attendee
rows are typed, worked out again only when they change, the minutes' once (3)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import program_day, run_json
from tests.test_interview_walk import industry_interview, interview_row
from tests.test_s60_interviews import _import_2027
from tests.test_s60_interviews_mends import calendars_read_again, record_into_2027  # noqa: F401  (fixtures)
from tests.test_s65_interviews import MICRO_LOAN, PARTY, SINGLE, TELECOMS
from tests.test_s65_interviews import _add as _add_single
from workstation.i18n import _
from workstation.store.interviews import get_interview


# 1. the board keeps the officer's unit ---------------------------------------------------------------------------
def _shown(db, interview_id: str, on: str = "2026-12-08"):
    from workstation import clocks

    return next(d for d in clocks.board(db, on=on) if d.interview_id == interview_id)


def test_the_calculation_says_the_deadline_typed_on_a_rest_day_ran_to_the_monday(demo_db, data_dir, capsys,
                                                                                  english):
    from workstation.interview_deadlines import ROLLED

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2026-12-26")  # a Saturday
    row = interview_row(capsys, data_dir, interview_id)
    # the typed 30 days end on a Saturday: the deadline runs to Monday 2026-12-28 (REFERENCE §1.2 rule 3), its source
    # said as the 30 days typed, never as the 22 working days it happens to be (the unit: test_interview_walk)
    assert _("{n} days").format(n=30) in row["source"]
    assert _("{n} working days").format(n=22) not in row["source"]
    assert "2026-12-26" in row["calculation"] and "2026-12-28" in row["calculation"]
    assert [item[0] for item in _shown(demo_db, interview_id).detail] == [ROLLED]


def test_a_deadline_on_a_working_day_is_not_said_to_have_run_off_a_rest_day(demo_db, data_dir, capsys, english):
    from workstation.interview_deadlines import ROLLED, explain_interview_deadline

    interview_id, _names = industry_interview(capsys, demo_db, data_dir)  # the usual 15 working days, a Thursday
    shown = _shown(demo_db, interview_id)
    assert not any(item[0] == ROLLED for item in shown.detail)
    assert len(explain_interview_deadline(shown)) == 4  # the period, what meets it, the deadline, the source


@pytest.mark.parametrize("typed", ["2027-10-02", "2027-03-06"])  # 国庆 (fixed by date), a Saturday (may be worked)
def test_a_deadline_on_a_day_of_a_year_not_known_is_hedged_as_the_register_warns(demo_db, data_dir, capsys, english,
                                                                                 typed):
    from workstation.store.interviews import deadline_rest_day_warning

    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", typed)
    row = interview_row(capsys, data_dir, interview_id)
    hedged = deadline_rest_day_warning(demo_db, get_interview(demo_db, interview_id))
    assert hedged and hedged in row["calculation"]
    # never as a fact: the day it runs to may still be a rest day, or the day typed a working one
    assert f"{typed}, is a rest day" not in row["calculation"]
    assert not _shown(demo_db, interview_id).confirmed


def test_the_records_working_days_are_said_in_working_days(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                           record_into_2027, english):  # noqa: F811
    from workstation import clocks

    _import_2027(capsys, data_dir, tmp_path)  # 15 working days now end on 2027-01-08
    [shown] = [d for d in clocks.board(demo_db, on="2027-01-07") if d.interview_id == record_into_2027]
    assert (shown.due, shown.rule.unit, shown.rule.period) == ("2027-01-08", "wd", 15)


# 2. the statistics use the deadline in force -----------------------------------------------------------------------
def test_the_statistics_count_the_records_later_deadline(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                          record_into_2027):  # noqa: F811
    from workstation.stats import _party_outcomes, campaign_stats

    _import_2027(capsys, data_dir, tmp_path)  # 15 working days now end on 2027-01-08, the record printed 01-06
    figures = {}
    for day, outcome in (("2027-01-07", "not_due"), ("2027-01-08", "not_due"), ("2027-01-09", "overdue")):
        program_day(monkeypatch, day)
        outcomes = {i: o for i, _p, _k, o in _party_outcomes(demo_db, " WHERE 1 = 1", [], day)}
        assert outcomes[record_into_2027] == outcome, day
        figures[day] = campaign_stats(demo_db)["interviews_follow_up"]
        # as the command line's figures say it
        assert run_json(capsys, "--data-dir", data_dir, "stats")["interviews_follow_up"] == figures[day]
    before, after = figures["2027-01-08"], figures["2027-01-09"]
    assert (after["overdue"], after["not_due"]) == (before["overdue"] + 1, before["not_due"] - 1)


def test_the_statistics_keep_a_rest_day_deadline_as_before(demo_db, data_dir, capsys, monkeypatch):
    from workstation.stats import _party_outcomes

    program_day(monkeypatch, "2026-09-29")
    code, out, err = _add_single(capsys, data_dir, "2026-09-28", "--officer", "李明:科长", "--officer", "黄晓:科员",
                                 "--attendee", "王五:经营者", "--commitments", "停止外呼", "--deadline", "2026-10-04",
                                 "--json")
    assert code == 0, err
    interview_id = json.loads(out)["id"]
    for day, outcome in (("2026-10-08", "not_due"), ("2026-10-09", "overdue")):
        program_day(monkeypatch, day)
        outcomes = {i: o for i, _p, _k, o in _party_outcomes(demo_db, " WHERE 1 = 1", [], day)}
        assert outcomes[interview_id] == outcome, day
        assert outcomes[MICRO_LOAN] == "overdue"  # the demo's one interview overdue (due 2026-07-03)


def test_the_statistics_read_the_deadline_in_force_once_per_interview(demo_db, data_dir, capsys, monkeypatch):
    """A joint interview overdue for its three parties: its deadline in force read once, not once per party and again
    for the overdue figures counted through a year not known."""
    from collections import Counter

    from workstation.stats import campaign_stats
    from workstation.store import interviews

    interview_id, _names = industry_interview(capsys, demo_db, data_dir)  # due 2026-12-17, three parties
    program_day(monkeypatch, "2026-12-21")
    read, real = Counter(), interviews.deadline_in_force

    def counted(db, interview, **kwargs):
        read[interview.id] += 1
        return real(db, interview, **kwargs)

    monkeypatch.setattr(interviews, "deadline_in_force", counted)
    figures = campaign_stats(demo_db)["interviews_follow_up"]
    assert figures["overdue"] >= 2  # this one and the demo's MICRO_LOAN
    assert read[interview_id] == 1 and read[MICRO_LOAN] == 1


# 3. the document editor warns of no principal person ----------------------------------------------------------------
def _principal_label(editor):
    from PySide6.QtWidgets import QLabel

    return editor.findChild(QLabel, "principal_warning")


@pytest.mark.gui
def test_the_record_editor_warns_of_no_principal_as_the_page_does(demo_db, data_dir, capsys, monkeypatch, opened,
                                                                  english):
    from workstation.interview_register import principal_warning

    program_day(monkeypatch, "2026-12-04")
    code, out, err = _add_single(capsys, data_dir, "2026-12-03", "--officer", "李明:科长", "--officer", "黄晓:科员",
                                 "--attendee", "张三:客服专员", "--commitments", "停止外呼", "--json")
    assert code == 0, err
    interview = get_interview(demo_db, json.loads(out)["id"])
    editor = opened(demo_db, "interview_record", interview=interview)
    label = _principal_label(editor)
    assert label is not None and not label.isHidden()
    assert label.text() == principal_warning(demo_db, interview) and PARTY in label.text()
    # the record's attendee as the officer corrects it: the party's legal representative came
    editor.set_field("attendee1_post", "法定代表人")
    assert label.isHidden() and label.text() == ""
    editor.set_field("attendee1_post", "客服专员")
    assert not label.isHidden() and PARTY in label.text()


@pytest.mark.gui
def test_the_warning_is_worked_out_again_only_as_the_attendees_change(demo_db, opened, monkeypatch, english):
    import ui.form_editor

    calls, real = [], ui.form_editor.document_principal_warning
    monkeypatch.setattr(ui.form_editor, "document_principal_warning",
                        lambda *args, **kwargs: calls.append(args[2]) or real(*args, **kwargs))
    record = opened(demo_db, "interview_record", interview=get_interview(demo_db, TELECOMS))
    label = _principal_label(record)
    assert calls == ["interview_record"] and not label.isHidden()
    record.set_field("issues", "未落实用户个人信息安全管理制度")  # no attendee: the warning stands as it was
    record.set_field("place", "南海区市场监督管理局三楼会议室")
    assert calls == ["interview_record"] and not label.isHidden()
    record.set_field("attendee1_post", "法定代表人")
    assert calls == ["interview_record"] * 2 and label.isHidden()
    minutes = opened(demo_db, "interview_minutes", interview=get_interview(demo_db, TELECOMS))
    minutes.set_field("participants", "李四（客服专员）")  # its attendees are the register's: read once, at opening
    minutes.set_field("summary", "约谈纪要")
    assert calls == ["interview_record"] * 2 + ["interview_minutes"] and not _principal_label(minutes).isHidden()


@pytest.mark.gui
def test_the_minutes_editor_warns_of_no_principal(demo_db, opened, english):
    from workstation.interview_register import principal_warning

    editor = opened(demo_db, "interview_minutes", interview=get_interview(demo_db, TELECOMS))
    label = _principal_label(editor)
    assert not label.isHidden() and label.text() == principal_warning(demo_db, get_interview(demo_db, TELECOMS))
    assert "中国电信股份有限公司佛山分公司" in label.text()


@pytest.mark.gui
def test_no_warning_where_a_principal_attended_nor_on_other_documents(demo_db, opened, english):
    editor = opened(demo_db, "interview_record", interview=get_interview(demo_db, SINGLE))
    assert _principal_label(editor).isHidden()
    notice = opened(demo_db, "interview_notice", interview=get_interview(demo_db, TELECOMS),
                    party_id=get_interview(demo_db, TELECOMS).party_ids[0])
    label = _principal_label(notice)
    assert label is None or label.isHidden()


def test_the_record_values_are_read_for_the_warning(demo_db, english):
    """The core reads a 约谈记录's typed attendees (several in its third row, joined with 、) for the warning."""
    from workstation.interview_register import document_principal_warning

    interview = get_interview(demo_db, TELECOMS)
    party_id = interview.party_ids[0]
    values = {"attendee1": "李四", "attendee1_post": "客服专员", "attendee3": "王五、赵六",
              "attendee3_post": "经理、总经理"}
    assert document_principal_warning(demo_db, interview, "interview_record", values, party_id) == ""
    warned = document_principal_warning(demo_db, interview, "interview_record", {**values, "attendee3_post": "经理"},
                                        party_id)
    assert "legal representative" in warned
    assert document_principal_warning(demo_db, interview, "interview_notice", values, party_id) == ""

