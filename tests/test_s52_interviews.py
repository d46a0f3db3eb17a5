"""Faults of the interviews audit (约谈, s52): what an issued notice, record or minutes printed — the interviewers,
the contact person and phone, both sides' attendees, the provisions, the summary — changes only with the officer's
word; an edit naming an officer not in the officers' register is warned of as on add; an interview its party did not
attend takes no commitments, deadline or follow-up; its absence is recorded without a notice on record only with the
officer's word; the 约谈纪要 does not call a natural person a unit; 已按要求整改 reads as rectified; a new interview in
the window starts from the phone of the agency shown."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import pdf_text, run, run_json
from tests.test_s50_interview_fix import TODAY, _add, _issue
from tests.test_s50_interview_fix import _at as at
from workstation.errors import ValidationError

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
NOTICE = {"contact_phone": "0757-83030000"}
RECORD = {"time_to": "11时00分", "issues": "骚扰电话"}


def _at(monkeypatch, clock: str = "10:00", day: str = TODAY) -> None:
    at(monkeypatch, clock, day)



def _edit(capsys, data_dir, interview, *options):
    return run(capsys, "interviews", "edit", "--data-dir", data_dir, interview, *options)


# 1. what the issued documents printed -----------------------------------------------------------------------------
def test_the_notice_s_interviewers_contact_and_phone_change_only_with_the_officer_s_word(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q, "--contact-phone", "0757-83030000", date="2026-12-09")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)
    assert code == 0, err
    for options in (("--officer", "李明:科长", "--officer", "陈敏仪:科员"), ("--contact-phone", "0757-83039999")):
        code, _out, err = _edit(capsys, data_dir, interview, *options)
        assert code == 1 and "--despite-issued" in err and "约谈通知书" in err, (options, err)
    code, _out, err = _edit(capsys, data_dir, interview, "--contact-phone", "0757-83039999")
    assert "Contact phone on the notice" in err
    code, _out, err = _edit(capsys, data_dir, interview, "--officer", "李明:科长", "--officer", "陈敏仪:科员")
    assert "Interviewers" in err
    # the party's own people and the provisions are no part of the notice: corrected freely
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--attendee", "王五:法定代表人",
                      "--provisions", "《中华人民共和国消费者权益保护法》第二十九条")
    assert [a["name"] for a in edited["attendees"]] == ["邓颖诗", "陈敏仪", "王五"]
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--contact-phone",
                      "0757-83039999", "--despite-issued")
    code, _out, err = _edit(capsys, data_dir, interview, "--officer", "李明:科长", "--officer", "陈敏仪:科员",
                            "--despite-issued")
    assert code == 0, err


def test_the_record_s_attendees_recorder_and_provisions_change_only_with_the_officer_s_word(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", Q, "--attendee", "王五:法定代表人", "--provisions", "第二十九条",
                     time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_record", tmp_path / "r.pdf", RECORD)
    assert code == 0, err
    for options in (("--attendee", "赵六:经理"), ("--recorder", "陈敏仪"), ("--provisions", "第三十条"),
                    ("--officer", "邓颖诗:副科长", "--officer", "陈敏仪:科员")):
        code, _out, err = _edit(capsys, data_dir, interview, *options)
        assert code == 1 and "--despite-issued" in err and "约谈记录" in err, (options, err)
    code, _out, err = _edit(capsys, data_dir, interview, "--provisions", "第三十条")
    assert "Provisions explained" in err
    # the record prints no summary nor contact phone
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--summary", "当事人承认问题")
    assert edited["id"] == interview


def test_the_minutes_summary_changes_only_with_the_officer_s_word(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", P, "--party", Q, "--attendee", f"王五:法定代表人:{P}",
                     "--attendee", f"赵六:经理:{Q}", "--summary", "通报了投诉情况", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_minutes", tmp_path / "m.pdf",
                             {"agreed": "各方承诺停止拨打"})
    assert code == 0, err
    code, _out, err = _edit(capsys, data_dir, interview, "--summary", "另一个摘要")
    assert code == 1 and "--despite-issued" in err and "约谈纪要" in err and "Summary of the meeting" in err, err
    code, _out, err = run(capsys, "interviews", "held", "--data-dir", data_dir, interview, "--summary", "另一个摘要")
    assert code == 1 and f"interviews edit {interview} --summary TEXT --despite-issued" in err, err
    code, _out, err = _edit(capsys, data_dir, interview, "--summary", "另一个摘要", "--despite-issued")
    assert code == 0, err


def test_the_window_asks_before_changing_the_notice_s_interviewers(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                    prompts, qtbot, english):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    _at(monkeypatch, "08:00")
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-09")
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)[0] == 0
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview))
    qtbot.addWidget(dialog)
    dialog.attendees.item(0, 0).setText("李明")
    dialog.save()
    assert prompts.confirmations and "约谈通知书" in prompts.confirmations[-1]
    assert get_interview(demo_db, interview).attendees[0]["name"] == "邓颖诗"  # answered No: nothing changed


def test_an_edit_naming_an_officer_not_in_the_register_is_warned_of(demo_db, data_dir, capsys, monkeypatch, english):
    _at(monkeypatch)
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-09")
    code, _out, err = _edit(capsys, data_dir, interview, "--officer", "查无此人:科长", "--officer", "陈敏仪:科员")
    assert code == 0 and "查无此人" in err and "not an active officer" in err, err
    code, _out, err = _edit(capsys, data_dir, interview, "--place", "二楼会议室")
    assert code == 0 and "not an active officer" not in err, err


# 3. an interview its party did not attend: no commitments, deadline or follow-up ------------------------------------
def _absent(capsys, data_dir, monkeypatch, *options) -> str:
    _at(monkeypatch)
    interview = _add(capsys, data_dir, "--party", Q, *options, time="9:00")
    run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经电话通知未到场",
             "--without-notice")
    return interview


def test_an_absent_interview_takes_no_commitments_deadline_or_follow_up(demo_db, data_dir, capsys, monkeypatch,
                                                                         english):
    from workstation.store.interviews import get_interview, save_interview

    interview = _absent(capsys, data_dir, monkeypatch)
    for options, option in ((("--commitments", "停止拨打"), "--commitments"), (("--deadline", "2026-12-30"), "--deadline")):
        code, _out, err = _edit(capsys, data_dir, interview, *options)
        assert code == 1 and option in err and "did not attend" in err, (options, err)
    stored = get_interview(demo_db, interview)
    assert stored.commitments == "" and stored.rectification_due is None and stored.status == "absent"
    for field, value in (("commitments", "停止拨打"), ("rectification_due", "2026-12-30"),
                         ("follow_up_on", "2026-12-04"), ("follow_up_result", "已整改完毕")):
        with pytest.raises(ValidationError) as refused:
            save_interview(demo_db, replace(stored, **{field: value}))
        assert field in refused.value.errors, field


def test_an_interview_marked_absent_drops_the_commitments_typed_before(demo_db, data_dir, capsys, monkeypatch,
                                                                        english):
    from workstation.store.interviews import get_interview

    interview = _absent(capsys, data_dir, monkeypatch, "--commitments", "停止拨打", "--deadline", "2026-12-30")
    stored = get_interview(demo_db, interview)
    assert stored.status == "absent" and stored.commitments == "" and stored.rectification_due is None


def test_a_deadline_kept_by_an_earlier_version_does_not_block_the_absent_interview(demo_db, data_dir, capsys,
                                                                                   monkeypatch, english):
    from workstation.store.interviews import get_interview

    interview = _absent(capsys, data_dir, monkeypatch)
    # recorded absent by a version that kept the deadline typed before
    demo_db.execute("UPDATE interviews SET rectification_due = '2026-12-30' WHERE id = ?", [interview])
    edited = run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--place", "二楼会议室")
    assert edited["place"] == "二楼会议室" and edited["rectification_due"] == "2026-12-30"
    code, _out, err = _edit(capsys, data_dir, interview, "--deadline", "2027-01-08")  # another one: refused
    assert code == 1 and "--deadline" in err, err
    run_json(capsys, "interviews", "edit", "--data-dir", data_dir, interview, "--deadline", "")  # cleared
    assert get_interview(demo_db, interview).rectification_due is None


def test_the_window_refuses_a_follow_up_typed_for_an_absent_interview(demo_db, data_dir, capsys, monkeypatch, prompts,
                                                                       qtbot, english):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    interview = _absent(capsys, data_dir, monkeypatch)
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview))
    qtbot.addWidget(dialog)
    dialog.texts["commitments"].setPlainText("停止拨打")
    dialog.dates["follow_up_on"].setText(TODAY)
    dialog.texts["follow_up_result"].setPlainText("已整改完毕")
    errors = dialog.validate()
    assert {"commitments", "follow_up_on", "follow_up_result"} <= set(errors), errors
    assert "did not attend" in dialog.errors["follow_up_result"].text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.save()
    stored = get_interview(demo_db, interview)
    assert stored.follow_up_result == "" and stored.follow_up_outcome is None and stored.commitments == ""
    dialog.held.setChecked(True)  # the party did attend after all: held, it may commit
    assert not {"commitments", "follow_up_on", "follow_up_result"} & set(dialog.validate())


# 4. an absence without a notice on record ---------------------------------------------------------------------------
def test_an_absence_without_a_notice_needs_the_officer_s_word(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                               english):
    from workstation.store.interviews import get_interview

    _at(monkeypatch, "08:00", "2026-12-01")
    interview = _add(capsys, data_dir, "--party", Q, date=TODAY)
    _at(monkeypatch)
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到场")
    assert code == 1 and "--without-notice" in err and "约谈通知书" in err, err
    assert get_interview(demo_db, interview).status == "scheduled"
    marked = run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到场",
                      "--without-notice")
    assert marked["state"] == "absent"


def test_an_absence_on_a_day_given_without_a_notice_needs_the_officer_s_word(demo_db, data_dir, capsys, monkeypatch,
                                                                              english):
    from workstation.store.interviews import get_interview

    _at(monkeypatch, "08:00", "2026-12-01")
    interview = _add(capsys, data_dir, "--party", Q, date="2026-12-10")  # planned later; the party was summoned for
    _at(monkeypatch)  # today, TODAY (--on), and did not come: the day given is checked, not the planned one
    code, _out, err = run(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "未到场",
                          "--on", TODAY)
    assert code == 1 and "--without-notice" in err and "约谈通知书" in err, err
    assert get_interview(demo_db, interview).status == "scheduled"


def test_an_absence_after_the_notice_is_recorded_without_a_word(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                 english):
    _at(monkeypatch, "08:00", "2026-12-01")
    interview = _add(capsys, data_dir, "--party", Q, date=TODAY)
    assert _issue(capsys, data_dir, interview, "interview_notice", tmp_path / "n.pdf", NOTICE)[0] == 0
    _at(monkeypatch)
    marked = run_json(capsys, "interviews", "absent", "--data-dir", data_dir, interview, "--reason", "经送达通知书后未到场")
    assert marked["state"] == "absent"


def test_the_window_asks_before_recording_an_absence_without_a_notice(demo_db, data_dir, capsys, monkeypatch,
                                                                       make_window, prompts, english):
    from workstation.store.interviews import get_interview

    _at(monkeypatch, "08:00", "2026-12-01")
    interview = _add(capsys, data_dir, "--party", Q, date=TODAY)
    _at(monkeypatch)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview)
    prompts.texts.append("未到场")
    page.absent()  # answered No
    assert prompts.confirmations and "约谈通知书" in prompts.confirmations[-1]
    assert get_interview(demo_db, interview).status == "scheduled"
    prompts.confirm_answer = True
    prompts.texts.append("未到场")
    page.absent()
    assert get_interview(demo_db, interview).status == "absent"


# 5. the minutes of a natural person ---------------------------------------------------------------------------------
def _person(db):
    from workstation.case_records import Party
    from workstation.store.parties import save_party
    from workstation.validators import id_check_character

    number = "44060519900101123"
    return save_party(db, Party(name="张三", kind="person", id_number=number + id_check_character(number),
                                address="佛山市南海区桂城街道1号"))


def test_the_minutes_do_not_call_a_natural_person_a_unit(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    person = _person(demo_db)
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", person.id, "--party", Q, "--attendee", "张三:本人:张三",
                     "--attendee", f"赵六:经理:{Q}", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_minutes", out := tmp_path / "m.pdf",
                             {"agreed": "各方承诺停止拨打"})
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert f"被约谈方：张三、{Q}" in text and "被约谈单位：张三" not in text, text
    assert "各被约谈方应当" in text and "各被约谈单位" not in text, text


def test_the_minutes_of_units_still_say_unit(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    _at(monkeypatch, "12:00")
    interview = _add(capsys, data_dir, "--party", P, "--party", Q, "--attendee", f"王五:法定代表人:{P}",
                     "--attendee", f"赵六:经理:{Q}", time="9:00")
    code, _out, err = _issue(capsys, data_dir, interview, "interview_minutes", out := tmp_path / "m.pdf",
                             {"agreed": "各方承诺停止拨打"})
    assert code == 0, err
    text = pdf_text(out.read_bytes())
    assert f"被约谈单位：{P}、{Q}" in text and "各被约谈单位应当" in text, text


# 6. 已按要求整改 -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "outcome"), [
    ("已按要求整改，未再发现问题", "rectified"),
    ("已按照约谈要求整改完毕", "rectified"),
    ("已全面整改", "rectified"),
    ("已要求其整改但尚未整改", "not_rectified"),
    ("已多次催促，没有整改", "not_rectified"),
    ("已经联系当事人了解整改", None),
    ("已要求当事人整改", None),
    ("已责令其整改", None),
    ("已按照要求全面整改", "rectified"),
])
def test_a_rectification_worded_with_a_few_words_between_is_read(text, outcome):
    from workstation.store.interviews import suggested_outcome

    assert suggested_outcome(text) == outcome


def test_words_of_negation_between_are_not_read_as_rectified():
    from workstation.store.interviews import suggested_outcome

    assert suggested_outcome("已知悉尚不能整改") != "rectified"
    assert suggested_outcome("已通知但没有整改") != "rectified"


# 7. a new interview's phone in the window -------------------------------------------------------------------------
def test_a_new_interview_starts_with_the_phone_of_the_agency_shown(demo_db, data_dir, capsys, monkeypatch, prompts,
                                                                   qtbot, english):
    from ui.interview_dialog import InterviewDialog
    from workstation.station_role import own_agency
    from workstation.store.interviews import offered_contact_phone

    assert own_agency(demo_db) is None
    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    shown = dialog.agency.currentData()
    if not offered_contact_phone(demo_db, shown):  # the agency shown has had an interview with a phone
        _at(monkeypatch)
        code = dialog.agency.findData(shown)
        agency_code = demo_db.execute("SELECT code FROM agencies WHERE id = ?", [shown]).fetchone()[0]
        _add(capsys, data_dir, "--party", Q, "--agency", agency_code, "--contact-phone", "0757-86001234",
             date="2026-12-09")
        dialog = InterviewDialog(demo_db, prompts)
        qtbot.addWidget(dialog)
        assert dialog.agency.currentIndex() == code
    phone = offered_contact_phone(demo_db, dialog.agency.currentData())
    assert phone and dialog.contact_phone.text() == phone
    # another agency chosen, the phone untouched: it follows
    other = next(i for i in range(dialog.agency.count()) if dialog.agency.itemData(i) != dialog.agency.currentData())
    dialog.agency.setCurrentIndex(other)
    assert dialog.contact_phone.text() == offered_contact_phone(demo_db, dialog.agency.itemData(other))
