"""Faults of the interviews audit (约谈, s62): in a joint interview a line or an attendee naming a party by a short
form of its name (中国移动佛山分公司, 移动公司) prints in that party's 约谈记录 only, a short form fitting two parties
in none of them alone, and the officer is told which lines print in every party's record (1); an interview cannot
be dated before its notice in force was issued, nor marked held when its notice was issued after its day — the
refusal names the notice by its 文号 and says to void it first (2); the follow-up dialog takes back a change with
Ctrl+Z (3)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation.errors import WorkstationError
from workstation.records import SHANGHAI
from workstation.store.interviews import get_interview, mark_held, save_interview

TELECOMS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the demo's joint interview of the three operators
MOBILE = "中国移动通信集团广东有限公司佛山分公司"
UNICOM = "中国联合网络通信有限公司佛山市分公司"
TELECOM = "中国电信股份有限公司佛山分公司"
DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers
ASSOCIATION = "佛山市房地产业协会"


def _at(monkeypatch, day: str, clock: str = "10:00") -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=SHANGHAI))


def _party(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]


# 1. short names in a joint interview -------------------------------------------------------------------------------
def test_a_line_naming_a_party_by_a_short_form_prints_only_in_its_record():
    from workstation.formkit.interview_values import party_lines

    text = "1.三家运营商于一周内完成核查。\n2.中国移动佛山分公司承诺关停12个外呼号码。\n3.中国电信承诺整改。"
    assert party_lines(text, UNICOM, [MOBILE, TELECOM]) == "1.三家运营商于一周内完成核查。"
    assert party_lines(text, MOBILE, [UNICOM, TELECOM]) == "1.三家运营商于一周内完成核查。\n2.中国移动佛山分公司承诺关停12个外呼号码。"
    assert party_lines(text, TELECOM, [UNICOM, MOBILE]) == "1.三家运营商于一周内完成核查。\n3.中国电信承诺整改。"
    assert party_lines("移动公司承诺整改。", TELECOM, [MOBILE, UNICOM]) == ""
    assert party_lines("栩诺公司承诺整改。", "佛山市三水区栩诺装饰工程有限公司",
                       ["佛山市南海区昕岳家居装饰有限公司"]) == "栩诺公司承诺整改。"
    assert party_lines("栩诺公司承诺整改。", "佛山市南海区昕岳家居装饰有限公司",
                       ["佛山市三水区栩诺装饰工程有限公司"]) == ""


def test_a_short_form_fitting_two_parties_names_neither_and_is_warned(english):
    from workstation.formkit.interview_values import party_lines, shared_lines_warning

    one = "佛山市禅城区屹嘉房地产代理有限公司"
    two = "佛山市南海区屹嘉房地产经纪有限公司"
    text = "1.屹嘉公司承诺停止外呼。\n2.禅城区屹嘉房地产代理有限公司承诺整改。"
    assert party_lines(text, two, [one]) == "1.屹嘉公司承诺停止外呼。"  # fits both: in every record
    assert party_lines(text, one, [two]) == text
    warning = shared_lines_warning([one, two], text, [])
    assert "Commitment line 1 names none" in warning and "屹嘉公司" in warning and one in warning \
        and two in warning, warning
    assert "2." not in warning


def test_an_attendee_of_a_party_by_its_short_name_is_listed_in_its_record_only(demo_db, english):
    from workstation.formkit.interview_values import interview_context

    interview = get_interview(demo_db, TELECOMS)
    attendees = [*interview.attendees, {"name": "王五", "organisation": "移动公司", "post": "副总经理"}]
    interview = save_interview(demo_db, __import__("dataclasses").replace(interview, attendees=attendees),
                               despite_issued=True)
    unicom = interview_context(demo_db, interview, _party(demo_db, UNICOM))
    mobile = interview_context(demo_db, interview, _party(demo_db, MOBILE))
    names = lambda c: [c.get(f"interview.attendee{n}.name") for n in range(1, 4)]  # noqa: E731
    assert "王五" not in names(unicom)
    assert "王五" in "、".join(n or "" for n in names(mobile))
    assert "王五" in mobile["interview.attendees"]
    assert "王五" not in mobile["interview.attendees"].partition("其他参加人员")[2], mobile["interview.attendees"]


def test_the_command_line_warns_of_the_lines_printing_in_every_record(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "interviews", "edit", TELECOMS, "--data-dir", data_dir, "--despite-issued",
                         "--commitments", "1.三家运营商于一周内完成核查。\n2.运营商佛山分公司承诺关停号码。")
    assert code == 0, err
    assert "Commitment lines 1、2 name none of the parties" in err, err


def test_a_line_naming_two_parties_prints_in_every_record_and_is_warned(english):
    from workstation.formkit.interview_values import party_lines, shared_lines_warning

    text = "1.中国联通和中国移动共同承诺关停号码。\n2.中国电信承诺整改。"
    parties = [MOBILE, UNICOM, TELECOM]
    for name in parties:
        kept = party_lines(text, name, [p for p in parties if p != name])
        assert "1.中国联通和中国移动共同承诺关停号码。" in kept, (name, kept)
    assert "2." not in party_lines(text, MOBILE, [UNICOM, TELECOM])
    warning = shared_lines_warning(parties, text, [])
    assert "Commitment line 1 " in warning and "中国联通" in warning and "line 2" not in warning, warning


def test_an_attendee_of_another_unit_of_a_party_brand_is_no_party_own():
    from workstation.formkit.interview_values import PartyNames, party_lines, shared_lines_warning

    names = PartyNames([MOBILE, UNICOM, TELECOM])
    for unit in ("中国移动通信集团广东有限公司南海分公司", "中国移动通信集团广东有限公司", "中国电信股份有限公司广东分公司",
                 "移动公司承诺"):
        assert names.owner(unit) is None, unit
    assert names.owner("移动公司") == MOBILE and names.owner("中国移动佛山分公司") == MOBILE
    assert names.owner(" 中国电信 ") == TELECOM
    line = "1.中国移动南海分公司承诺关停号码。"
    assert party_lines(line, UNICOM, [MOBILE, TELECOM]) == line
    warning = shared_lines_warning([MOBILE, UNICOM, TELECOM], "", [
        {"name": "赵六", "organisation": "中国移动通信集团广东有限公司南海分公司", "post": "经理"}])
    assert "赵六" in warning, warning


def test_an_attendee_of_another_branch_is_printed_with_the_unit_in_every_record(demo_db, english):
    import dataclasses

    from workstation.formkit.interview_values import interview_context

    interview = get_interview(demo_db, TELECOMS)
    unit = "中国移动通信集团广东有限公司南海分公司"
    interview = save_interview(demo_db, dataclasses.replace(
        interview, attendees=[*interview.attendees, {"name": "赵六", "organisation": unit, "post": "经理"}]),
        despite_issued=True)
    for party in (MOBILE, UNICOM):
        context = interview_context(demo_db, interview, _party(demo_db, party))
        rows = {context.get(f"interview.attendee{n}.name"): context.get(f"interview.attendee{n}.post")
                for n in range(1, 4)}
        listed = [(name, post) for name, post in rows.items() if name and "赵六" in name]
        assert listed and unit in listed[0][1], (party, rows)
        assert "赵六" in context["interview.attendees"].partition("其他参加人员")[2], context["interview.attendees"]


def test_the_short_forms_are_whole_trade_names():
    from workstation.formkit.interview_values import party_short_forms

    mobile = party_short_forms(MOBILE)
    assert {"中国移动", "移动公司", "中国移动佛山分公司", "移动通信"} <= mobile
    assert not {"移动通公司", "中国移动通", "移动通信集团广东有限公司", "移动集团广东有限公司"} & mobile, mobile
    shop = party_short_forms("佛山市三水区栩诺装饰工程有限公司")
    assert {"栩诺公司", "栩诺装饰工程", "栩诺装饰工程有限公司"} <= shop
    assert not {"栩诺装公司", "栩诺装饰工公司"} & shop, shop


# 2. an interview dated before its notice was issued -----------------------------------------------------------------
def _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch) -> tuple[str, str]:
    _at(monkeypatch, "2026-12-06")
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440600", "--party",
                     ASSOCIATION, "--date", "2026-12-22", "--time", "9:30", "--place", "本局会议室", "--topics",
                     "骚扰电话", "--officer", "欧文辉:科长", "--officer", "冯俊杰:科员", "--contact-phone",
                     "0757-83033333", "--attendee", "王五:会长")
    issued = run_json(capsys, "interviews", "issue", added["id"], "--data-dir", data_dir, "--form",
                      "interview_notice", "-o", tmp_path / "n.pdf")
    number = issued.get("number") or demo_db.execute(
        "SELECT number FROM documents WHERE interview_id = ? AND status = 'issued'", [added["id"]]).fetchone()[0]
    assert number
    return added["id"], number


def test_an_interview_cannot_be_dated_before_its_notice_was_issued(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                     english):
    interview_id, number = _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    before = get_interview(demo_db, interview_id)
    with pytest.raises(WorkstationError) as refused:
        save_interview(demo_db, __import__("dataclasses").replace(before, held_on="2026-12-04"), despite_issued=True)
    message = str(refused.value)
    assert number in message and "2026-12-06" in message and "void" in message.lower(), message
    assert get_interview(demo_db, interview_id) == before
    code, out, err = run(capsys, "interviews", "edit", interview_id, "--data-dir", data_dir, "--date", "2026-12-04",
                         "--despite-issued")
    assert code == 1 and number in err, err
    # a later day, or the day it was issued, is a change to confirm as before
    save_interview(demo_db, __import__("dataclasses").replace(before, held_on="2026-12-29"), despite_issued=True)


def test_an_interview_is_not_marked_held_before_its_notice_was_issued(demo_db, data_dir, capsys, tmp_path,
                                                                       monkeypatch, english):
    interview_id, number = _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    # stored so by an earlier version (the date moved before the notice's day)
    demo_db.execute("UPDATE interviews SET held_on = '2026-12-04' WHERE id = ?", [interview_id])
    demo_db.conn.commit()
    before = get_interview(demo_db, interview_id)
    with pytest.raises(WorkstationError) as refused:
        mark_held(demo_db, interview_id)
    message = str(refused.value)
    assert number in message and "2026-12-04" in message and "void" in message.lower(), message
    assert get_interview(demo_db, interview_id) == before


def _noticed_and_backdated(demo_db, data_dir, capsys, tmp_path, monkeypatch) -> tuple[str, str]:
    interview_id, number = _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    # stored so by an earlier version (the date moved before the notice's day)
    demo_db.execute("UPDATE interviews SET held_on = '2026-12-04' WHERE id = ?", [interview_id])
    demo_db.conn.commit()
    return interview_id, number


def test_ticking_held_is_refused_when_its_notice_was_issued_after_its_day(demo_db, data_dir, capsys, tmp_path,
                                                                            monkeypatch, english):
    import dataclasses

    interview_id, number = _noticed_and_backdated(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    before = get_interview(demo_db, interview_id)
    assert before.status != "held"
    with pytest.raises(WorkstationError) as refused:
        save_interview(demo_db, dataclasses.replace(before, status="held"), despite_issued=True)
    message = str(refused.value)
    assert number in message and "2026-12-04" in message and "Void… in its documents" in message, message
    assert get_interview(demo_db, interview_id) == before


@pytest.mark.gui
def test_the_editor_refuses_the_held_tick_before_the_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                            qtbot, prompts, english):
    from ui.interview_dialog import InterviewDialog

    interview_id, number = _noticed_and_backdated(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    before = get_interview(demo_db, interview_id)
    prompts.confirm_answer = True  # a change printed on the issued notice: confirmed
    dialog = InterviewDialog(demo_db, prompts, before)
    qtbot.addWidget(dialog)
    dialog.held.setChecked(True)
    dialog.save()
    assert any(number in e and "Void… in its documents" in e for e in prompts.errors), prompts.errors
    assert get_interview(demo_db, interview_id) == before


# 3. the follow-up dialog's undo -------------------------------------------------------------------------------------
@pytest.mark.gui
def test_the_follow_up_dialog_takes_back_a_change_with_ctrl_z(demo_db, qtbot, prompts, monkeypatch, english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.interview_dialog import FollowUpDialog

    _at(monkeypatch, "2026-12-22")
    dialog = FollowUpDialog(demo_db, prompts, get_interview(demo_db, DEVELOPERS))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    outcome = dialog.outcome.currentData()
    text = dialog.result.toPlainText()
    dialog.outcome.setFocus()
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("not_rectified" if outcome != "not_rectified"
                                                           else "rectified"))
    dialog.result.setFocus()
    dialog.result.setPlainText("复查发现仍未整改")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.result)
    qtbot.keyClick(dialog.result, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result.toPlainText() == text
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.outcome.currentData() == outcome


@pytest.mark.gui
def test_the_editor_warns_of_a_short_form_fitting_several_parties(demo_db, qtbot, prompts, english):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, TELECOMS))
    qtbot.addWidget(dialog)
    assert "移动公司" not in dialog.shared_lines_warning.text()
    dialog.texts["commitments"].setPlainText("1.三家运营商完成核查。\n2.中国移动佛山分公司关停号码。\n3.运营商佛山分公司承诺整改。")
    warning = dialog.shared_lines_warning.text()
    assert "1、3" in warning and "every party" in warning and not dialog.shared_lines_warning.isHidden(), warning


@pytest.mark.gui
def test_the_register_marks_a_notice_summoning_to_another_day(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                               english):
    from ui.interviews_page import InterviewRow

    interview_id, number = _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    assert "summons to" not in InterviewRow(demo_db, get_interview(demo_db, interview_id), "2026-12-06").documents_text()
    moved = save_interview(demo_db, __import__("dataclasses").replace(get_interview(demo_db, interview_id),
                                                                      held_on="2026-12-29"), despite_issued=True)
    shown = InterviewRow(demo_db, moved, "2026-12-06").documents_text()
    assert number in shown and "summons to 2026-12-22 09:30" in shown, shown


def test_moving_a_noticed_interview_to_a_past_day_does_not_ask_for_the_notice_again(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    from workstation.store.interviews import IssuedChange

    interview_id, number = _issued_notice(demo_db, data_dir, capsys, tmp_path, monkeypatch)
    _at(monkeypatch, "2026-12-10")
    before = get_interview(demo_db, interview_id)
    with pytest.raises(IssuedChange) as asked:
        save_interview(demo_db, __import__("dataclasses").replace(before, held_on="2026-12-08"))
    message = asked.value.message
    assert "served on the party again" not in message and "has passed" in message and number in message, message
