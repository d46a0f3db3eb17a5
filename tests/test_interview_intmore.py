"""The interview register as a working tool: the editor undoes and redoes (a party or attendee removed comes back
with Ctrl+Z), the register is exported as CSV with a 合计 row from the window and the command line, `interviews
list` has a header, marks a deadline counted without holiday data and says which case — filed or not — an
interview was escalated to, and `interviews add` records what happened at the meeting (attendees, recorder,
commitments, deadline)."""

import csv
import datetime as dt
import io

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from tests.helpers import run, run_json
from tests.test_ui_keyboard import active
from ui.interview_dialog import InterviewDialog
from workstation.records import Case, Interview
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import (
    escalate_to_case,
    get_interview,
    rectification_workdays,
    save_interview,
)
from workstation.workdays import default_calendar

STUDIO_ID = "20d7f887-658a-5fd3-b5b7-e46e4c33b3f0"  # an individual business of the demo
STUDIO = "佛山市高明区杨和翎峪装饰设计工作室"
MICRO_LOAN = "5246de4e-a5d4-5f9f-9de1-a4c3d3d45bf5"  # the demo's interview of 佛山市小额贷款行业协会, not followed up
STAFF = {"name": "李明", "organisation": "佛山市高明区市场监督管理局", "post": "科长"}


def unfiled_escalation(db) -> Case:
    """The demo's micro-loan interview escalated to a case not filed yet (no number)."""
    party_ids = get_interview(db, MICRO_LOAN).party_ids
    case = create_case(db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                agency_id=agency_id_for_code("440600"), status="pending_filing",
                                party_ids=list(party_ids)))
    escalate_to_case(db, MICRO_LOAN, case.id, not_rectified=True)
    return case


def due_in_2027(db) -> Interview:
    """An interview of 18 December 2026 whose usual deadline, 15 working days later, falls in 2027, a year the
    program has no holiday data for: it is 日历待核实."""
    held = dt.date(2026, 12, 18)
    due = default_calendar(None).add_workdays(held, rectification_workdays()).isoformat()
    return save_interview(db, Interview(agency_id=agency_id_for_code("440608"), held_on=held.isoformat(),
                                        subject="约谈工作室", commitments="十五个工作日内完成整改",
                                        rectification_due=due, party_ids=[STUDIO_ID], attendees=[STAFF]))


def read_csv(path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel and WPS read the Chinese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


# exporting the register -----------------------------------------------------------------------------------------
def test_the_command_line_exports_the_register_with_its_total_row(demo_db, data_dir, capsys, tmp_path):
    unfiled_escalation(demo_db)
    interview = due_in_2027(demo_db)
    target = tmp_path / "约谈台账.csv"
    result = run_json(capsys, "interviews", "export", "-o", target, "--data-dir", data_dir)
    rows = read_csv(target)
    assert rows[0] == ["日期", "约谈机关", "被约谈方", "类型", "事由", "参与人数", "整改期限", "跟进结果", "转立案案件",
                       "状态", "跟进结论", "约谈情况"]
    body, total = rows[1:-1], rows[-1]
    assert result["interviews"] == len(body) == demo_db.execute(
        "SELECT COUNT(*) FROM interviews WHERE status != 'void'").fetchone()[0]
    mine = next(r for r in body if r[0] == "2026-12-18")
    assert mine[2] == STUDIO and mine[3] == "单独约谈" and mine[5] == "1"
    assert mine[6] == get_interview(demo_db, interview.id).rectification_due + "（日历待核实）"
    micro = next(r for r in body if "小额贷款行业协会" in r[2])
    assert micro[8].startswith("（未立案：") and "佛山市小额贷款行业协会" in micro[8]
    scheduled = sum(1 for r in body if r[9] == "已安排")  # the 2026-12-18 interview: held ones are counted
    assert total[0] == "合计" and total[4] == f"{len(body) - scheduled}次约谈（另{scheduled}次已安排）"
    assert int(total[5]) == sum(int(r[5]) for r in body if r[9] == "已约谈")  # those who attended


def test_an_export_to_another_format_is_refused_before_writing(demo_db, data_dir, capsys, tmp_path, english):
    target = tmp_path / "register.xlsx"
    code, _out, err = run(capsys, "interviews", "export", "-o", target, "--data-dir", data_dir)
    assert code != 0 and "register.xlsx" in err and ".csv" in err and not target.exists()


def test_the_register_page_exports_the_interviews_listed(demo_db, make_window, prompts, tmp_path, english):
    unfiled_escalation(demo_db)
    page = make_window(demo_db).interviews_page
    page.refresh()
    page.search.setText("小额贷款")
    target = tmp_path / "listed.csv"
    prompts.files.append(str(target))
    page.findChild(QPushButton, "export_register").click()
    rows = read_csv(target)
    assert len(rows) == 2 + page.model.rowCount() and all("小额贷款" in r[2] for r in rows[1:-1])
    assert rows[-1][0] == "合计" and prompts.infos and str(target) in prompts.infos[-1]


def test_the_follow_up_column_names_the_case_not_filed(demo_db, make_window, english):
    unfiled_escalation(demo_db)
    page = make_window(demo_db).interviews_page
    page.refresh()
    row = next(r for r in page.rows if r.interview.id == MICRO_LOAN)
    assert row.follow_up().startswith("escalated to case (not filed: 佛山市小额贷款行业协会")


# interviews list --------------------------------------------------------------------------------------------
def test_the_list_has_a_header_and_marks_an_unconfirmed_deadline(demo_db, data_dir, capsys, english):
    interview = due_in_2027(demo_db)
    code, out, _err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    lines = out.splitlines()
    assert code == 0 and lines[0].split("\t")[:2] == ["ID", "Date"]
    mine = next(line for line in lines if line.startswith(interview.id))
    assert get_interview(demo_db, interview.id).rectification_due + "（日历待核实）" in mine


def test_the_json_of_an_interview_escalated_to_a_case_not_filed_says_so(demo_db, data_dir, capsys):
    case = unfiled_escalation(demo_db)
    found = next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == MICRO_LOAN)
    assert found["case_number"] is None and found["case_id"] == case.id and found["case_unfiled"] is True
    assert "佛山市小额贷款行业协会" in found["case"]


# interviews add: what happened at the meeting -----------------------------------------------------------------
def test_a_held_interview_is_recorded_with_its_attendees_recorder_commitments_and_deadline(demo_db, data_dir,
                                                                                            capsys):
    result = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                      "--date", "2026-03-02", "--officer", "李明:科长", "--recorder", "张华",
                      "--attendee", "王五:经营者", "--commitments", "十五个工作日内删除违规收集的客户信息",
                      "--provisions", "《中华人民共和国个人信息保护法》第十三条", "--deadline", "2026-03-20")
    saved = get_interview(demo_db, result["id"])
    assert saved.status == "held" and saved.rectification_due == "2026-03-20"
    assert saved.commitments == "十五个工作日内删除违规收集的客户信息" and "第十三条" in saved.provisions
    assert [(a["name"], a["post"]) for a in saved.attendees] == [("李明", "科长"), ("张华", "记录人"),
                                                                 ("王五", "经营者")]
    assert saved.attendees[2]["organisation"] == STUDIO
    assert saved.attendees[1]["organisation"] == saved.attendees[0]["organisation"]  # the bureau's staff


def test_commitments_without_a_deadline_get_the_usual_one(demo_db, data_dir, capsys):
    result = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", STUDIO,
                      "--date", "2026-03-02", "--officer", "李明", "--officer", "张华",
                      "--commitments", "按期整改")
    assert get_interview(demo_db, result["id"]).rectification_due == result["rectification_due"] == "2026-03-23"


def test_a_single_officer_is_warned_that_the_record_names_them_as_recorder(demo_db, data_dir, capsys, english):
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608",
                          "--party", STUDIO, "--date", "2026-03-02", "--officer", "李明:科长")
    assert code == 0 and "Warning" in err and "李明" in err and "--recorder" in err
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608",
                          "--party", STUDIO, "--date", "2026-03-02", "--officer", "李明:科长", "--recorder", "张华",
                          "--allow-duplicate")
    assert code == 0 and "--recorder" not in err  # (李明 and 张华 are not in the demo's register: told so)


def test_a_malformed_attendee_or_deadline_is_refused_naming_it_and_stores_nothing(demo_db, data_dir, capsys,
                                                                                 english):
    before = demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0]
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608",
                          "--party", STUDIO, "--date", "2026-03-02", "--attendee", "王五")
    assert code != 0 and "--attendee" in err and "王五" in err and "王五:法定代表人" in err
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608",
                          "--party", STUDIO, "--date", "2026-03-02", "--deadline", "2026-02-01")
    assert code != 0 and "--deadline" in err
    assert demo_db.execute("SELECT COUNT(*) FROM interviews").fetchone()[0] == before


# undo in the editor -------------------------------------------------------------------------------------------
def interview_editor(db, prompts, qtbot) -> InterviewDialog:
    interview = save_interview(db, Interview(agency_id=agency_id_for_code("440608"), held_on="2026-03-02",
                                             subject="约谈工作室", party_ids=[STUDIO_ID, get_interview(
                                                 db, MICRO_LOAN).party_ids[0]],
                                             attendees=[STAFF, {"name": "王五", "organisation": STUDIO,
                                                                "post": "经营者"}]))
    dialog = InterviewDialog(db, prompts, get_interview(db, interview.id))
    qtbot.addWidget(dialog)
    return active(qtbot, dialog)


def test_a_removed_party_and_attendee_come_back_with_ctrl_z_and_go_again_with_redo(demo_db, prompts, qtbot):
    dialog = interview_editor(demo_db, prompts, qtbot)
    parties = dialog.party_ids()
    dialog.parties.item(0).setSelected(True)
    dialog.findChild(QPushButton, "remove_parties").click()
    dialog.attendees.setCurrentCell(1, 0)
    dialog.findChild(QPushButton, "remove_attendee").click()
    assert len(dialog.party_ids()) == 1 and [a["name"] for a in dialog.attendee_rows()] == ["李明"]
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [a["name"] for a in dialog.attendee_rows()] == ["李明", "王五"]
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.party_ids() == parties
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert len(dialog.party_ids()) == 1
    qtbot.keyClick(dialog.parties, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [a["name"] for a in dialog.attendee_rows()] == ["李明"]


def test_the_editor_warns_when_one_officer_would_be_interviewer_and_recorder(demo_db, prompts, qtbot, english):
    dialog = interview_editor(demo_db, prompts, qtbot)  # 李明 of the bureau, and the party's 王五
    warning = dialog.findChild(QLabel, "recorder_warning")
    assert warning.isVisibleTo(dialog) and "李明" in warning.text() and "记录人" in warning.text()
    dialog.add_attendee("张华", STAFF["organisation"], "记录人")
    assert not warning.isVisibleTo(dialog)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # warned, not refused


def test_typing_is_undone_field_by_field_in_the_order_made(demo_db, prompts, qtbot):
    dialog = interview_editor(demo_db, prompts, qtbot)
    dialog.place.setFocus()
    qtbot.keyClicks(dialog.place, "Room 3")
    box = dialog.texts["commitments"]
    box.setFocus()
    qtbot.keyClicks(box, "rectify")
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert box.toPlainText() == "" and dialog.place.text() == "Room 3"
    qtbot.keyClick(box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert dialog.place.text() == "" and dialog.current() == get_interview(demo_db, dialog.original.id)


# the deadline board at the usual screen sizes -----------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 800), (1440, 900)])
def test_the_board_shows_its_buttons_note_and_every_column_at_common_screen_sizes(demo_db, make_window, qtbot, size):
    window = make_window(demo_db)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    board = window.board
    board.refresh()
    qtbot.waitUntil(lambda: board.table.view.model().rowCount() > 0)
    central = window.centralWidget()
    assert board.width() <= central.width()  # the page is not wider than the window it is shown in
    shown = [board.print_button, board.export_button, *([board.table.note] if board.table.note.text() else [])]
    for widget in shown:
        right = widget.mapTo(window, widget.rect().topRight()).x()
        assert widget.isVisibleTo(window) and right <= window.width()
    view = board.table.view
    header = view.horizontalHeader()
    last = max(c for c in range(header.count()) if not header.isSectionHidden(c))
    # the 法律依据 column ends inside the table, or the table scrolls sideways to it
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= view.viewport().width() \
        or view.horizontalScrollBar().maximum() > 0
