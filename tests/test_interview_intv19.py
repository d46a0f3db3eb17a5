"""Administrative interviews (约谈) as a reviewer found them wrong: the 约谈记录's end time before its start and an
attendee's ID number with a wrong check digit are refused (as in every form with such fields); the time of day is
asked with the interview, printed on its notice and starting its record, and the notice is not issued without
one; a held interview with commitments gets its 15-working-day 整改期限; the notice's contact phone passes the
program's phone check; an attendee of another unit is printed in the record; a new interview is the agency of the
officer acting."""

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import pdf_text
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import check_interview_issue, draft_interview_document
from workstation.errors import ValidationError
from workstation.formkit.interview_values import interview_context
from workstation.formkit.values import field_errors
from workstation.records import Interview, today
from workstation.store import agency_id_for_code
from workstation.store.interviews import get_interview, interview_field_errors, save_interview

ASSOCIATION = "52a22518"  # the demo's interview of an association, held with commitments


def demo_interview(db, prefix: str) -> Interview:
    row = db.execute("SELECT id FROM interviews WHERE id LIKE ?", [prefix + "%"]).fetchone()
    return get_interview(db, row[0])


def record_errors(values: dict) -> dict[str, str]:
    return field_errors(find_form("interview_record"), values, {})[1]


# 1. checks the forms declare ----------------------------------------------------------------------------------
def test_the_record_refuses_an_end_before_its_start_and_takes_one_after_it(english):
    assert "time_to" in record_errors({"time_from": "14时30分", "time_to": "11时00分"})
    assert "start" in record_errors({"time_from": "下午2时30分", "time_to": "11:00"})["time_to"]
    assert "time_to" not in record_errors({"time_from": "9时30分", "time_to": "11时00分"})
    assert "time_from" in record_errors({"time_from": "9时70分"})


@pytest.mark.parametrize("form_id", ["interview_record", "site_record", "inquiry_record", "statement_record"])
def test_an_id_number_with_a_wrong_check_digit_is_refused_in_every_form_with_one(form_id, english):
    form = find_form(form_id)
    fields = [f.name for f in form.fields if f.check == "id_number"]
    assert fields
    errors = field_errors(form, {fields[0]: "440602199001011234"}, {})[1]
    assert "check digit" in errors[fields[0]]
    good = field_errors(form, {fields[0]: "11010519491231002X", }, {})[1]
    assert fields[0] not in good
    passport = field_errors(form, {fields[0]: "E12345678"}, {})[1]  # a passport number is taken as written
    assert fields[0] not in passport


def test_every_end_time_of_a_text_form_is_checked_against_its_start():
    for form_id in ("interview_record", "electronic_evidence_record"):  # the 现场笔录's are datetimes (version 9)
        field = find_form(form_id).field("time_to")
        assert field.check == "time" and field.not_before == "time_from"


def test_the_record_with_a_bad_id_is_refused_naming_the_field(demo_db, english):
    interview = demo_interview(demo_db, "5246de4e")
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, interview, find_form("interview_record"),
                              {"attendee1_id": "440602199001011234", "time_from": "10时00分",
                               "time_to": "9时00分"})
    assert set(refused.value.errors) >= {"参加人员（一）身份证件号码", "结束时间"}


# 2. the time of the interview ---------------------------------------------------------------------------------
def test_the_time_is_stored_printed_on_the_notice_and_starts_the_record(demo_db):
    interview = save_interview(demo_db, replace(demo_interview(demo_db, "5246de4e"), held_at="下午3时"))
    assert get_interview(demo_db, interview.id).held_at == "15:00"
    context = interview_context(demo_db, interview)
    # a whole hour on the notice without its minutes (下午3时), the record's start as the other records print it
    assert context["interview.time_text"] == "下午3时" and context["interview.time_from"] == "15时00分"
    notice = pdf_text(render_document(draft_interview_document(demo_db, interview, find_form("interview_notice")),
                                      "pdf").data)
    assert "下午3时。" in notice and "下午3时00分" not in notice and "上午9时30分" not in notice
    minutes = save_interview(demo_db, replace(interview, held_at="09:30"))
    assert interview_context(demo_db, minutes)["interview.time_text"] == "上午9时30分"


def test_no_time_recorded_leaves_the_notice_blank_and_issuing_asks_for_it(demo_db, english):
    ahead = (dt.date.fromisoformat(today()) + dt.timedelta(days=5)).isoformat()  # a notice summons ahead
    interview = save_interview(demo_db, replace(demo_interview(demo_db, "5246de4e"), held_at="", held_on=ahead,
                                                status="scheduled", rectification_due=None, follow_up_on=None,
                                                follow_up_result="", contact_phone="0757-83030000"))
    form = find_form("interview_notice")
    values, _context = check_interview_issue(demo_db, interview, form, issuing=False)
    assert values["interview_time"] is None
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, interview, form)
    assert "约谈时刻" in refused.value.errors
    typed, _context = check_interview_issue(demo_db, interview, form, {"interview_time": "上午10时"})
    assert typed["interview_time"] == "上午10时"


def test_a_time_that_is_none_is_refused_at_its_field(demo_db):
    interview = replace(demo_interview(demo_db, "5246de4e"), held_at="25:00")
    assert "held_at" in interview_field_errors(demo_db, interview)


# 3. the rectification deadline ---------------------------------------------------------------------------------
def test_a_held_interview_with_commitments_gets_fifteen_working_days(demo_db):
    held = replace(demo_interview(demo_db, ASSOCIATION), held_on="2026-11-30", rectification_due=None,
                   follow_up_on=None, follow_up_result="")
    saved = save_interview(demo_db, held)
    assert saved.rectification_due == "2026-12-21"  # 15 working days after Monday 30 November
    assert get_interview(demo_db, saved.id).rectification_due == "2026-12-21"
    record = pdf_text(render_document(draft_interview_document(demo_db, saved, find_form("interview_record")),
                                      "pdf").data)
    assert "15个工作日内书面报送整改情况（截止日期：2026年12月21日）" in record
    without = save_interview(demo_db, replace(held, commitments="", rectification_due=None))
    assert without.rectification_due is None
    typed = save_interview(demo_db, replace(held, rectification_due="2026-12-10"))
    assert typed.rectification_due == "2026-12-10"  # the officer's own deadline stays


# 4. the contact phone ------------------------------------------------------------------------------------------
def test_the_contact_phone_passes_the_program_s_phone_check(demo_db):
    interview = demo_interview(demo_db, "5246de4e")
    assert "contact_phone" in interview_field_errors(demo_db, replace(interview, contact_phone="0757-123"))
    saved = save_interview(demo_db, replace(interview, contact_phone="0757 8838 1234"))
    assert saved.contact_phone == "0757-88381234"


# 6. attendees and agency ---------------------------------------------------------------------------------------
def test_an_attendee_of_another_unit_is_printed_with_that_unit(demo_db):
    interview = demo_interview(demo_db, "5246de4e")
    party_name = demo_db.execute("SELECT name FROM parties WHERE id = ?", [interview.party_ids[0]]).fetchone()[0]
    attendees = [{"name": "王强", "organisation": party_name, "post": "总经理"},
                 {"name": "李四", "organisation": "佛山市南海区市场监督管理局", "post": "科员"}]
    saved = save_interview(demo_db, replace(interview, attendees=attendees))
    context = interview_context(demo_db, saved)
    assert context["interview.attendee1.name"] == "王强"
    assert context["interview.attendee2.name"] == "李四"
    assert context["interview.attendee2.post"] == "佛山市南海区市场监督管理局 科员"


def test_a_new_interview_is_of_the_acting_officer_s_agency(demo_db, monkeypatch):
    from workstation.store.interviews import default_interview_agency

    nanhai = agency_id_for_code("440605")
    demo_db.execute("INSERT INTO officers (id, name, agency_id, updated_at) VALUES ('o-li4', '李四', ?, '2026-01-01')",
                    [nanhai])
    monkeypatch.setenv("WORKSTATION_ACTOR", "李四")
    monkeypatch.setattr("workstation.station_role.own_agency", lambda db: None)
    assert default_interview_agency(demo_db) == nanhai


# the dialog's time field -------------------------------------------------------------------------------------------
def test_the_dialog_asks_for_the_time_and_saves_it(demo_db, qtbot, prompts):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts, demo_interview(demo_db, "5246de4e"))
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.held_at.text() == "10:00"  # the demo's time, shown for editing
    dialog.held_at.clear()
    qtbot.keyClicks(dialog.held_at, "9:70")  # QTest types ASCII only
    assert dialog.errors["held_at"].text() and not save.isEnabled()
    dialog.held_at.clear()
    qtbot.keyClicks(dialog.held_at, "14:30")
    assert not dialog.errors["held_at"].text() and save.isEnabled()
    qtbot.keyClick(dialog.held_at, Qt.Key.Key_Return)  # Enter in the field saves, as in every dialog
    assert dialog.saved_interview.held_at == "14:30"
    assert get_interview(demo_db, dialog.saved_interview.id).held_at == "14:30"
