"""An interview's issued paper and its register agree: once a 约谈记录 or 纪要 is issued the interview cannot go back
to 已安排, and a change of what an issued document printed (day, time, place, parties, 事由, 约谈人, commitments,
整改期限) is asked about first and audited; a mistaken interview is voided with its reason and leaves the register, the
statistics and the deadline board; one party named twice is refused; a scheduled interview whose day passed is
flagged; the 通报's interview outcomes add up to the interviews held; and the messages word it as they should."""

import datetime as dt
import re
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run, run_json
from ui.interview_dialog import InterviewDialog
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import issue_interview_document
from workstation.documents.issuing import void_document
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Case, Interview, today
from workstation.reports import report_data
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import (
    IssuedChange,
    get_interview,
    list_interviews,
    overdue_follow_ups,
    rectified_follow_up,
    save_interview,
    void_interview,
)

STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"  # an individual business of the demo
STUDIO = "佛山市高明区杨和翎峪装饰设计工作室"
STAFF = {"name": "李明", "organisation": "佛山市高明区市场监督管理局", "post": "科长"}
OWNER = {"name": "王五", "organisation": STUDIO, "post": "经营者"}  # a record names who attended for the party
ENDED = {"time_to": "11时00分", "issues": "发送营销短信的问题"}


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def held_interview(db, **values) -> Interview:
    values = {"held_on": day(-3), **values}
    return save_interview(db, Interview(agency_id=agency_id_for_code("440608"), held_at="09:30",
                                        subject="约谈工作室", place="高明区市场监督管理局三楼会议室",
                                        topics="发送营销短信", commitments="十五个工作日内完成整改",
                                        party_ids=[STUDIO_ID], attendees=[STAFF, OWNER], **values),
                          allow_duplicate=True)


def audit_actions(db, interview_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE entity = 'interview' AND entity_id = ? "
                                     "ORDER BY seq", [interview_id])]


# what an issued document printed ------------------------------------------------------------------------------
def test_an_issued_record_keeps_the_interview_held_and_its_deadline_asked_about(demo_db, data_dir, english):
    interview = held_interview(demo_db)
    due = interview.rectification_due
    issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    with pytest.raises(WorkstationError, match="约谈记录.*void the document first") as refused:
        save_interview(demo_db, replace(interview, status="scheduled"))
    assert not isinstance(refused.value, IssuedChange)
    with pytest.raises(IssuedChange, match="约谈记录.*Rectification deadline.*corrected document must be issued"):
        save_interview(demo_db, replace(interview, rectification_due=day(40)))
    with pytest.raises(IssuedChange, match="Commitments made"):
        save_interview(demo_db, replace(interview, commitments="立即整改"))
    assert get_interview(demo_db, interview.id).rectification_due == due
    assert get_interview(demo_db, interview.id).status == "held"
    # what it did not print is changed freely; what it printed with the officer's word, audited as such
    save_interview(demo_db, replace(interview, contact_phone="0757-88283456"))
    assert "change_despite_issued" not in audit_actions(demo_db, interview.id)
    save_interview(demo_db, replace(interview, rectification_due=day(40)), despite_issued=True)
    assert get_interview(demo_db, interview.id).rectification_due == day(40)
    assert audit_actions(demo_db, interview.id)[-1] == "change_despite_issued"


def test_a_voided_record_lets_the_interview_go_back_to_scheduled(demo_db, data_dir, english):
    interview = held_interview(demo_db)
    record = issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    void_document(demo_db, record.id, "误录")
    assert save_interview(demo_db, replace(interview, status="scheduled")).status == "scheduled"


def test_an_issued_notice_asks_before_its_day_time_place_or_interviewers_change(demo_db, data_dir, english):
    coming = held_interview(demo_db, status="scheduled", contact_phone="0757-88283456")
    coming = save_interview(demo_db, replace(coming, held_on=day(5)))
    issue_interview_document(demo_db, data_dir, coming, find_form("interview_notice"))
    with pytest.raises(IssuedChange, match="约谈通知书.*Held on, Time of the interview.*served on the party again"):
        save_interview(demo_db, replace(coming, held_on=day(6), held_at="14:00"))
    with pytest.raises(IssuedChange, match="Place"):
        save_interview(demo_db, replace(coming, place="高明区政务服务中心"))
    assert get_interview(demo_db, coming.id).held_on == day(5)
    # the officers attending are the notice's 约谈人: another one is what the party was told too
    officers = [STAFF, {**STAFF, "name": "黄晓"}, OWNER]
    with pytest.raises(IssuedChange, match="约谈通知书.*Interviewers and contact person"):
        save_interview(demo_db, replace(coming, attendees=officers))
    assert [a["name"] for a in get_interview(demo_db, coming.id).attendees] == ["李明", "王五"]
    assert [a["name"] for a in save_interview(demo_db, replace(coming, attendees=officers),
                                              despite_issued=True).attendees] == ["李明", "黄晓", "王五"]
    # who attends for the party is not on the notice: changed freely
    changed = save_interview(demo_db, replace(coming, attendees=[STAFF, {**STAFF, "name": "黄晓"},
                                                                 {**OWNER, "name": "赵六"}]))
    assert changed.attendees[-1]["name"] == "赵六" and changed.held_on == day(5)


def test_the_dialog_asks_before_changing_what_an_issued_record_printed(demo_db, data_dir, prompts, qtbot, english):
    interview = held_interview(demo_db)
    issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview.id))
    qtbot.addWidget(dialog)
    dialog.dates["rectification_due"].setText(day(40))
    prompts.confirm_answer = False
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "约谈记录" in prompts.confirmations[-1] and "corrected document" in prompts.confirmations[-1]
    assert prompts.confirmations[-1] in prompts.destructive
    assert get_interview(demo_db, interview.id).rectification_due != day(40) and dialog.saved_interview is None
    prompts.confirm_answer = True
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert get_interview(demo_db, interview.id).rectification_due == day(40)
    # unticking 已约谈 is refused, naming the record
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview.id))
    qtbot.addWidget(dialog)
    dialog.held.setChecked(False)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "约谈记录" in prompts.errors[-1] and get_interview(demo_db, interview.id).status == "held"


# voiding ------------------------------------------------------------------------------------------------------
def test_a_voided_interview_leaves_the_register_statistics_and_board(demo_db, english):
    before = campaign_stats(demo_db)["interviews"]
    # overdue: on the board and overdue list, even when its deadline ran past a holiday to the next working day
    # (REFERENCE §1.2 rule 3, s65)
    mistaken = held_interview(demo_db, held_on=day(-20), rectification_due=day(-10))
    assert campaign_stats(demo_db)["interviews"] == before + 1
    assert mistaken.id in [i.id for i in overdue_follow_ups(demo_db)]
    with pytest.raises(ValidationError, match="Say why"):
        void_interview(demo_db, mistaken.id, "  ")
    voided = void_interview(demo_db, mistaken.id, "重复录入")
    assert (voided.status, get_interview(demo_db, mistaken.id).void_reason) == ("void", "重复录入")
    assert campaign_stats(demo_db)["interviews"] == before
    assert mistaken.id not in [i.id for i in list_interviews(demo_db)]
    assert mistaken.id in [i.id for i in list_interviews(demo_db, include_void=True)]
    assert mistaken.id not in [i.id for i in overdue_follow_ups(demo_db)]
    from workstation.clocks import board

    assert mistaken.id not in {d.interview_id for d in board(demo_db)}
    assert audit_actions(demo_db, mistaken.id)[-1] == "update"
    with pytest.raises(WorkstationError, match="voided"):
        save_interview(demo_db, replace(get_interview(demo_db, mistaken.id), place="别处"))


def test_an_interview_with_a_document_or_a_case_is_not_voided(demo_db, data_dir, english):
    interview = held_interview(demo_db)
    issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    with pytest.raises(WorkstationError, match="约谈记录.*void it first"):
        void_interview(demo_db, interview.id, "误录")
    other = held_interview(demo_db)
    case = create_case(demo_db, Case(case_number="", cause="涉嫌发送商业性短信案", sector="other",
                                     agency_id=agency_id_for_code("440608"), status="pending_filing",
                                     party_ids=[STUDIO_ID]))
    save_interview(demo_db, replace(other, case_id=case.id))
    with pytest.raises(WorkstationError, match="escalated to a case"):
        void_interview(demo_db, other.id, "误录")
    assert {get_interview(demo_db, i).status for i in (interview.id, other.id)} == {"held"}


def test_an_interview_is_voided_on_the_command_line(demo_db, data_dir, capsys, english):
    mistaken = held_interview(demo_db)
    code, _out, err = run(capsys, "interviews", "void", mistaken.id, "--data-dir", data_dir)
    assert code != 0 and "--reason" in err and get_interview(demo_db, mistaken.id).status == "held"
    done = run_json(capsys, "interviews", "void", mistaken.id, "--data-dir", data_dir, "--reason", "重复录入")
    assert done == {"id": mistaken.id, "state": "void", "void_reason": "重复录入"}
    listed = run_json(capsys, "interviews", "list", "--data-dir", data_dir)
    assert mistaken.id not in [r["id"] for r in listed]
    _code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir, "--include-void")
    line = next(line for line in out.splitlines() if line.startswith(mistaken.id))
    assert "已作废" in line and "void: 重复录入" in line


def test_the_page_voids_an_interview_and_shows_it_greyed_on_request(demo_db, make_window, prompts, english):
    mistaken = held_interview(demo_db)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(mistaken.id)
    prompts.texts = ["重复录入"]
    prompts.confirm_answer = False
    page.buttons["void_interview"].click()
    assert "Void the interview" in prompts.confirmations[-1] and get_interview(demo_db, mistaken.id).status == "held"
    prompts.texts = ["重复录入"]
    prompts.confirm_answer = True
    page.buttons["void_interview"].click()
    assert get_interview(demo_db, mistaken.id).status == "void"
    assert mistaken.id not in [r.interview.id for r in page.model.records]
    page.show_void.setChecked(True)
    ids = [r.interview.id for r in page.model.records]
    row = ids.index(mistaken.id)
    assert page.model.data(page.model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert "重复录入" in page.model.records[row].follow_up()
    page.view.selectRow(row)
    assert not page.buttons["edit_interview"].isEnabled() and not page.buttons["void_interview"].isEnabled()


def test_the_void_button_says_why_an_interview_with_an_issued_record_is_not_voided(demo_db, data_dir, make_window,
                                                                                    english):
    interview = held_interview(demo_db)
    issue_interview_document(demo_db, data_dir, interview, find_form("interview_record"), ENDED)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.select(interview.id)
    button = page.buttons["void_interview"]
    assert not button.isEnabled() and "约谈记录" in button.toolTip()


# one party twice ----------------------------------------------------------------------------------------------
def test_one_party_named_twice_is_refused_on_the_command_line(demo_db, data_dir, capsys, english):
    before = demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                          "--party", STUDIO_ID, "--date", day(-1))
    assert code != 0 and "--party" in err and STUDIO_ID in err and STUDIO in err and "once" in err
    assert demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == before


# a scheduled interview whose day passed ----------------------------------------------------------------------
def test_a_scheduled_interview_whose_day_passed_is_highlighted_and_counted(demo_db, make_window, english):
    late = held_interview(demo_db, status="scheduled")
    page = make_window(demo_db).interviews_page
    page.refresh()
    row = [r.interview.id for r in page.model.records].index(late.id)
    assert page.model.data(page.model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert re.search(r"\d+ interviews?'s? days? (has|have) passed", page.overdue_label.text())


# the report adds up -------------------------------------------------------------------------------------------
def test_the_report_accounts_for_every_interview_held(demo_db):
    text = "\n".join(report_data(demo_db)["text"])
    paragraph = next(line for line in text.splitlines() if "组织行政约谈" in line)
    total = int(re.search(r"组织行政约谈(\d+)次", paragraph).group(1))
    outcomes = paragraph.split("从整改落实情况看，")[1]
    counted = [int(n) for n in re.findall(r"(\d+)次", re.sub(r"（[^）]*）", "", outcomes))]
    assert sum(counted) == total
    stats = campaign_stats(demo_db)
    if stats["interviews_follow_up"]["no_deadline"]:
        assert "未设整改期限" in paragraph


# wording ------------------------------------------------------------------------------------------------------
def test_the_messages_word_it_as_they_should(demo_db, data_dir, capsys, make_window, english):
    with pytest.raises(SystemExit):
        run(capsys, "interviews", "issue", "--help")
    out = capsys.readouterr().out
    assert "--party" in out
    assert "default: the first party" not in " ".join(out.split())
    ahead = held_interview(demo_db, status="scheduled")
    ahead = save_interview(demo_db, replace(ahead, held_on=day(5)))
    code, _out, err = run(capsys, "interviews", "held", ahead.id, "--data-dir", data_dir)
    assert code != 0 and "still to come" in err and "marked" not in err
    followed = replace(ahead, follow_up_on=today(), follow_up_result="已集中投诉。")
    assert "。”。" not in rectified_follow_up(followed) and "“已集中投诉”" in rectified_follow_up(followed)
    page = make_window(demo_db).interviews_page
    page.refresh()
    held = held_interview(demo_db)
    page.refresh()
    page.select(held.id)
    assert "文号" not in page.buttons["interview_record"].toolTip().replace("takes no 文号", "")


# the migration --------------------------------------------------------------------------------------------------
def test_m039_adds_the_void_reason_and_leaves_the_interviews_kept_before_in_force(demo_db, data_dir):
    from workstation.db import open_database
    from workstation.db.connection import applied_schema
    from workstation.paths import database_path

    kept = held_interview(demo_db)
    with demo_db.atomic():  # the database as the version before m039 left it
        demo_db.execute("ALTER TABLE interviews DROP COLUMN void_reason")
        demo_db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm039_interview_void'")
    demo_db.conn.close()
    again = open_database(database_path(data_dir))  # m039 runs
    try:
        assert "m039_interview_void" in applied_schema(again)
        interview = get_interview(again, kept.id)
        assert (interview.status, interview.void_reason) == ("held", "")
        assert kept.id in [i.id for i in list_interviews(again)]
    finally:
        again.conn.close()
