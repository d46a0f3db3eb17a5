"""The deadline board on the home tab and the deadlines section of a case workspace, driven as an officer
would: the board's groups and calculation, opening a case from it, suspending the case and resuming it through
its steps and seeing the deadline stop and resume."""

import pytest

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import holiday_file_2027, program_day
from ui.case_clocks import ClockEventDialog
from workstation.store import find_case

INVESTIGATING = "佛南市监立〔2026〕9号"  # demo case filed 2026-11-10 with a testing period 11-18 … 11-27


@pytest.fixture
def in_the_campaign(monkeypatch):
    """The program's day one in the demo's campaign, 3 December 2026: the ninety days of its case filed on 10
    November still run (by the spring after, every deadline of the demo has passed)."""
    program_day(monkeypatch, "2026-12-03")


def test_the_board_is_the_home_tab_and_groups_the_running_deadlines(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    assert window.case_tabs.currentWidget() is window.board
    assert window.case_tabs.tabText(0) == "期限(&D)"  # Alt+D
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    board = window.board
    assert board.deadlines and all(d.open for d in board.deadlines)
    summary = board.summary.text()
    assert summary.startswith("已逾期或届满：")
    model = board.table.model
    assert model.rowCount() == len(board.deadlines)
    first = model.records[0]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == first.calculation()
    assert "依据：" in first.calculation()
    board.group.setCurrentIndex(board.group.findData("overdue"))
    assert model.rowCount() > 0
    assert {d.state for d in model.records} <= {"overdue", "expired"}
    assert board.table.detail.toPlainText().startswith(model.records[0].case_number)


def test_double_clicking_a_deadline_opens_its_case(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    view = window.board.table.view
    row = next(i for i, d in enumerate(window.board.table.model.records) if d.case_id)  # not a lead's or interview's
    view.activated.emit(window.board.table.model.index(row, 0))
    workspace = window.case_tabs.currentWidget()
    assert workspace.case_id == window.board.table.model.records[row].case_id
    assert workspace.clocks.table.model.rowCount() >= 1


def test_suspending_stops_the_ninety_days_then_resuming_moves_the_deadline(demo_db, make_window, prompts, qtbot,
                                                                           in_the_campaign):
    # the suspension is recorded and ended by the steps 中止调查 and 恢复调查 (``test_s50_clock_events``)
    from tests.test_ui_case_workspace import when_modal
    from ui.transition_dialog import TransitionDialog

    window = make_window(demo_db)
    case = find_case(demo_db, INVESTIGATING)
    workspace = window.open_case(case.id)
    t2 = next(d for d in workspace.clocks.deadlines if d.clock == "T2")
    assert (t2.state, t2.due) == ("open", "2027-02-18")

    def suspend_on_the_28th(dialog):
        dialog.date.setDate(QDate(2026, 11, 28))
        dialog.reason.setPlainText("当事人下落不明")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    timer = when_modal(TransitionDialog, suspend_on_the_28th)
    workspace.action_buttons["suspend"].click()
    timer.stop()
    workspace = window.case_tabs.currentWidget()
    t2 = next(d for d in workspace.clocks.deadlines if d.clock == "T2")
    assert (t2.state, t2.due) == ("stopped", None)
    assert workspace.clocks.events.count() == 2
    assert any("案件中止：自2026-11-28起" in workspace.timeline.item(i).text()
               for i in range(workspace.timeline.count()))

    def resume_on_the_30th(dialog):  # not after today: a step is recorded once it has happened
        dialog.date.setDate(QDate(2026, 11, 30))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    timer = when_modal(TransitionDialog, resume_on_the_30th)
    workspace.action_buttons["resume"].click()
    timer.stop()
    workspace = window.case_tabs.currentWidget()
    t2 = next(d for d in workspace.clocks.deadlines if d.clock == "T2")
    assert (t2.state, t2.due) == ("open", "2027-02-20")  # two more days not counted
    # the testing period (11-18 … 11-27) and the suspension that follows it count as one stop
    assert "案件中止、检测、检验、检疫、鉴定自2026-11-18至2026-11-29，12日不计入期限。" in t2.calculation()


def test_the_event_dialog_says_what_is_wrong_as_the_officer_types(demo_db, qtbot, prompts, in_the_campaign):
    case = find_case(demo_db, INVESTIGATING)
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    # a testing period after the one recorded (11-18 … 11-27): a suspension is recorded by its step alone
    dialog.kind.setCurrentIndex(dialog.kind.findData("testing"))
    dialog.starts_on.setDate(QDate(2026, 11, 1))
    assert not save.isEnabled()
    assert dialog.errors["starts_on"].text() == "日期不能早于线索登记日期（2026-11-02）。"  # (a testing may be of 核查)
    dialog.starts_on.setDate(QDate(2026, 11, 28))
    dialog.running.setChecked(False)
    dialog.ends_on.setDate(QDate(2026, 11, 27))
    assert dialog.errors["ends_on"].text() == "结束日期（2026-11-27）不能早于开始日期（2026-11-28）。"
    assert not save.isEnabled()
    dialog.ends_on.setDate(QDate(2026, 12, 1))
    assert save.isEnabled()

    dialog.kind.setCurrentIndex(dialog.kind.findData("extension"))
    dialog.clock.setCurrentIndex(dialog.clock.findData("T2"))
    assert dialog.days.value() == 30
    assert not save.isEnabled()
    assert "批准延长的人员" in dialog.errors["approved_by"].text()
    dialog.approved_by.setText("局长")
    assert save.isEnabled()
    dialog.save()
    assert dialog.saved is not None and dialog.saved.kind == "extension" and dialog.saved.days == 30


def test_a_malformed_holiday_file_is_named_on_the_board_and_the_calendar_keeps_its_data(demo_db, make_window,
                                                                                       data_dir, qtbot):
    with holiday_file_2027(data_dir, "元旦", "2027-02-30", "2027-02-30"):
        window = make_window(demo_db)
        window.board.start()
        qtbot.waitUntil(lambda: window.board.started)
        problem = window.board.problems.text()
        assert window.board.problems.isVisibleTo(window.board)
        assert "2027.toml" in problem and "5" in problem  # the file and the line of the bad date
        assert window.board.deadlines  # the board still computed, 2027 counted Monday to Friday


def test_the_board_fills_itself_once_the_window_has_painted(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    assert window.board.summary.text() == "正在计算期限……"
    window.show()
    qtbot.waitUntil(lambda: window.board.started, timeout=5000)
    assert window.board.summary.text().startswith("已逾期或届满：")
    assert window.board.table.model.rowCount() == len(window.board.deadlines) > 0


def test_the_case_lists_a_second_t1_extension_from_before_the_rule_as_not_counted(db, make_case, prompts, qtbot,
                                                                                english):
    from tests.test_clock_rules import extended_twice_before_the_rule
    from ui.case_clocks import CaseClocks

    case, first, second = extended_twice_before_the_rule(db, make_case)
    section = CaseClocks(db, case, prompts)
    qtbot.addWidget(section)
    shown = {section.events.item(i).data(256): section.events.item(i).text() for i in range(section.events.count())}
    title = "Verify the lead and decide whether to file a case"  # T1's title in English
    assert shown[first.id] == f"T1 “{title}” extended by 10 working days (approved 2026-03-05 by 局长 张三)"
    assert shown[second.id] == (f"T1 “{title}” extended by 5 working days (approved 2026-03-06 by 局长 李四) "
                                "— not counted: T1 may be extended once and the first extension counts; correct or "
                                "remove this record")


def test_the_board_and_the_case_say_which_year_lacks_holiday_data_and_where_its_file_goes(db, make_case, make_window,
                                                                                         data_dir, monkeypatch, qtbot,
                                                                                         english):
    program_day(monkeypatch, "2026-12-21")
    case = make_case(lead_received_on="2026-12-20")  # T1 ends 2027-01-11, Mon-Fri less 元旦 on Friday 1 January
    window = make_window(db)
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started)
    table = window.board.table
    assert [(d.clock, d.due, d.confirmed) for d in table.model.records] == [("T1", "2027-01-11", False)]
    assert table.note.isVisibleTo(window.board)
    for text in ("no holiday data for 2027", str(data_dir / "calendar" / "2027.toml"), "2026.toml"):
        assert text in table.note.text()
    window.board.group.setCurrentIndex(window.board.group.findData("overdue"))  # nothing unconfirmed shown
    assert not table.note.isVisibleTo(window.board) and table.note.text() == ""
    window.open_case(case.id)
    clocks_box = window.case_tabs.currentWidget().clocks
    assert "no holiday data for 2027" in clocks_box.table.note.text()
    assert clocks_box.table.note.isVisibleTo(clocks_box)
