"""Session 22 (polish22), as a QA walkthrough found this session's new features: 本局文书信息 edits the bureau chosen
in it (a district bureau's details at headquarters), saves with Ctrl+S, shows its whole refusal and gives its fields
Alt letters; a notice refused for the bureau's missing telephone and address says where they are set; a voided
interview's follow-up and escalation are refused as voided, and the command line names the command, not a button;
a party's follow-up reports that party's day; Chinese sentences of a withdrawn import are joined without a space;
and a complainant's telephone number finds their complaints."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tests.helpers import run, run_json
from workstation.agency_details import WHERE, agency_details, set_agency_details
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Interview, today
from workstation.store import agency_id_for_code
from workstation.store.interviews import (
    escalate_to_case,
    get_interview,
    party_results,
    record_follow_up,
    save_interview,
    void_interview,
)

NANHAI = agency_id_for_code("440605")
CITY = agency_id_for_code("440600")
STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"  # an individual business of the demo
DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def interview(db, status: str = "held") -> Interview:
    return save_interview(db, Interview(agency_id=agency_id_for_code("440608"), held_on=day(-3), held_at="09:30",
                                        subject="约谈工作室", place="高明区市场监督管理局三楼会议室",
                                        topics="发送营销短信", commitments="十五个工作日内完成整改",
                                        party_ids=[STUDIO_ID], status=status,
                                        attendees=[{"name": "李明", "organisation": "佛山市高明区市场监督管理局",
                                                    "post": "科长"}]))


# 1 and 5. 本局文书信息 -------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_headquarters_edits_a_district_bureaus_details_chosen_in_the_dialog(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db)  # no agency chosen: the station works as the city bureau
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == CITY and "佛山市市场监督管理局" in dialog.note.text()
    names = [dialog.agency.itemText(i) for i in range(dialog.agency.count())]
    # the town offices are listed too since they keep their own contact lines (tests/test_contacts_town_office.py)
    assert "佛山市南海区市场监督管理局" in names and any(name.endswith("市场监督管理所") for name in names)
    city_before = agency_details(db, CITY)
    dialog.agency.setCurrentIndex(dialog.agency.findData(NANHAI))
    assert "佛山市南海区市场监督管理局" in dialog.note.text()
    assert dialog.edits["contact_phone"].text() == agency_details(db, NANHAI)["contact_phone"]
    dialog.edits["contact_phone"].setText("0757 8628 9999")
    assert dialog.save()
    assert agency_details(db, NANHAI)["contact_phone"] == "0757-86289999"
    assert agency_details(db, CITY) == city_before  # the city bureau's own are left alone


@pytest.mark.gui
def test_the_dialog_opens_on_the_bureau_it_is_given(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, agency_id=NANHAI)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == NANHAI and dialog.agency_id == NANHAI


@pytest.mark.gui
def test_switching_bureau_asks_before_dropping_what_was_typed(db, qtbot, prompts, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, prompts=prompts)
    qtbot.addWidget(dialog)
    dialog.edits["bank"].setText("中国工商银行佛山分行")
    prompts.confirm_answer = False
    dialog.agency.setCurrentIndex(dialog.agency.findData(NANHAI))
    assert prompts.confirmations  # asked
    assert dialog.agency.currentData() == CITY and dialog.edits["bank"].text() == "中国工商银行佛山分行"


@pytest.mark.gui
def test_ctrl_s_saves_the_bureaus_details(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, agency_id=NANHAI)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.edits["account_number"].setFocus()
    dialog.edits["account_number"].setText("2013000000000009")
    qtbot.keyClick(dialog.edits["account_number"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert agency_details(db, NANHAI)["account_number"] == "2013000000000009"
    assert dialog.result() == dialog.DialogCode.Accepted


@pytest.mark.gui
def test_the_fields_have_alt_letters_and_room_for_an_address(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog
    from ui.layouts import chinese_width

    dialog = AgencyDetailsDialog(db, agency_id=NANHAI)
    qtbot.addWidget(dialog)
    labels = {label.buddy().objectName(): label.text() for label in dialog.findChildren(QLabel)
              if label.buddy() is not None}
    assert set(labels) == {"agency_id", *dialog.edits}
    letters = [text.split("&", 1)[1][0].upper() for text in labels.values()]
    assert len(set(letters)) == len(letters) and "S" not in letters  # S is 保存's
    assert labels["contact_address"] == "联系地址(&R)"
    address = dialog.edits["contact_address"]
    assert address.minimumWidth() >= chinese_width(address, 20)


@pytest.mark.gui
def test_a_refusal_is_shown_whole(db, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog

    dialog = AgencyDetailsDialog(db, agency_id=NANHAI)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.edits["contact_phone"].setText("12345")
    assert not dialog.save()
    error = dialog.errors["contact_phone"]  # under its field
    qtbot.waitUntil(lambda: error.isVisible())
    assert "is a public service number" in error.text()  # 12345: the government hotline
    assert error.height() >= error.heightForWidth(error.width())  # every line of it, none cut off


# 6. the missing telephone and address say where they are set ---------------------------------------------------

def test_a_notice_without_the_bureaus_contact_says_where_to_set_it(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", facts="经查，当事人发送商业性短信。",
                     fine_fen=500_000)
    set_agency_details(db, NANHAI, {"contact_phone": "", "contact_address": ""})
    with pytest.raises(ValidationError) as refused:
        check_issue(db, case, find_form("pre_penalty_notice"), {"fine_fen": "5000", "issued_on": "2026-03-01"})
    message = str(refused.value)
    assert "联系电话、联系地址 must be filled in before issuing" in message and WHERE in message


# 3. a voided interview ------------------------------------------------------------------------------------------

def test_a_voided_interviews_follow_up_and_escalation_are_refused_as_voided(demo_db, data_dir, capsys, english):
    mistaken = interview(demo_db)
    void_interview(demo_db, mistaken.id, "重复录入")
    with pytest.raises(WorkstationError) as refused:
        record_follow_up(demo_db, mistaken.id, day(-1), "已整改")
    assert "voided (重复录入)" in str(refused.value) and "Edit" not in str(refused.value)
    with pytest.raises(WorkstationError) as refused:
        escalate_to_case(demo_db, mistaken.id, "no-such-case")
    assert "voided (重复录入)" in str(refused.value)
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "follow-up", mistaken.id, "--on", day(-1),
                          "--result", "已整改")
    assert code == 1 and "voided (重复录入)" in err and "Edit" not in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "escalate", mistaken.id, "x")
    assert code == 1 and "voided (重复录入)" in err and "Edit" not in err
    assert get_interview(demo_db, mistaken.id).follow_up_result == ""


def test_the_command_line_names_the_command_for_an_interview_not_marked_held(demo_db, data_dir, capsys, english):
    scheduled = interview(demo_db, status="scheduled")
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "follow-up", scheduled.id, "--on", day(-1),
                          "--result", "已整改")
    assert code == 1 and f"interviews held {scheduled.id}" in err and "Edit" not in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "escalate", scheduled.id, "x")
    assert code == 1 and f"interviews held {scheduled.id}" in err and "Edit" not in err


# 4. one party's follow-up ---------------------------------------------------------------------------------------

def test_a_partys_follow_up_reports_that_partys_day(demo_db, data_dir, capsys, english):
    whole = get_interview(demo_db, DEVELOPERS).follow_up_on
    assert whole != "2026-06-20"
    result = run_json(capsys, "--data-dir", data_dir, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
                      "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    assert result["follow_up_on"] == "2026-06-20" and result["follow_up_result"] == "复查发现仍未整改到位"
    party = demo_db.execute("SELECT id FROM parties WHERE name = ?", [SANSHUI]).fetchone()[0]
    assert result["party_id"] == party
    assert [r.follow_up_on for r in party_results(get_interview(demo_db, DEVELOPERS)) if r.party_id == party] \
        == ["2026-06-20"]
    code, out, _err = run(capsys, "--data-dir", data_dir, "interviews", "follow-up", DEVELOPERS, "--on",
                          "2026-06-21", "--result", "复查发现仍未整改到位", "--party", SANSHUI)
    assert code == 0 and "recorded on 2026-06-21" in out


# 7 and 9. Chinese wording --------------------------------------------------------------------------------------

def test_a_withdrawn_imports_sentences_are_joined_without_a_space_in_chinese(chinese):
    from workstation.importing.complaint_withdraw import Withdrawal

    text = Withdrawal("工单.csv", "2026-03-02T10:15:07", 3, ["L1"], ["L2"]).summary()
    assert "。" in text and "。 " not in text


def test_station_details_says_not_set_in_chinese(db, data_dir, capsys, chinese):
    set_agency_details(db, NANHAI, {"bank": ""})
    code, out, _err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605")
    assert code == 0 and "收款银行：" in out and "(not set)" not in out and "未设置" in out


# 10. a complainant's number --------------------------------------------------------------------------------------

def test_a_complainants_number_finds_their_complaints(db):
    from workstation.store.complaints import count_complaints, search_complaints

    with db.atomic():
        for cid, phone in (("p1", "13800138001"), ("p2", "075786123457"), ("p3", "13900139002")):
            db.execute("INSERT INTO complaints (id, source, external_id, received_at, complainant_phone, text, "
                       "created_at) VALUES (?, '12345', ?, '2026-03-01 09:00:00', ?, '楼盘推销电话不断', "
                       "'2026-03-01')", [cid, f"W-{cid}", phone])
    hits = search_complaints(db, "13800138001")
    assert [h.id for h in hits] == ["p1"] and count_complaints(db, "13800138001") == 1
    assert "13800138001" not in hits[0].complainant  # listed masked
    assert [h.id for h in search_complaints(db, "0757-86123457")] == ["p2"]
    assert [h.id for h in search_complaints(db, "+8613900139002")] == ["p3"]
    assert search_complaints(db, "13700137000") == []
