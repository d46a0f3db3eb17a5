"""The case workspace driven as an officer would: the date of a procedure action checked as it is picked (the day
still to come, a day before the case's latest step, the party's statement period), dialogs that ask before
throwing typed work away, keyboard access to the reason fields, clock-event notes masked like the timeline's,
ending a clock event with a checked date, and counting a spreadsheet through the task runner."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPushButton

from ui.case_clocks import ClockEventDialog, EndEventDialog
from ui.case_evidence import CountDialog, EvidenceDialog
from ui.case_law import PenaltyChoiceDialog
from ui.layouts import plain_label
from ui.transition_dialog import TransitionDialog
from workstation import procedure
from workstation.i18n import _
from workstation.progress import CancelToken
from workstation.records import ClockEvent, today
from workstation.store import get_case
from workstation.store.clock_events import clock_events_of, record_clock_event
from workstation.store.evidence import add_evidence, list_evidence

pytestmark = pytest.mark.gui

SAVE_ASKED = _("Save the changes you made?")  # closing a dialog that saves with changes


def when_modal(dialog_class, action):
    """Run ``action`` on the modal dialog of ``dialog_class`` once it is shown; the dialog is closed afterwards
    whatever happened, so a failing check fails the test instead of leaving it waiting on the dialog."""
    timer = QTimer()
    timer.setInterval(10)
    seen = []

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_class) and not seen:
            timer.stop()
            seen.append(dialog)
            try:
                action(dialog)
            finally:
                if dialog.isVisible():
                    dialog.done(QDialog.DialogCode.Rejected)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def qdate(iso: str) -> QDate:
    return QDate.fromString(iso, "yyyy-MM-dd")


def timeline(workspace) -> list[str]:
    return [workspace.timeline.item(i).text() for i in range(workspace.timeline.count())]


@pytest.fixture
def decided(db, make_case, make_window):
    """The workspace of a case whose penalty was decided on 2026-04-20."""
    case = make_case(status="penalty_decided", lead_received_on="2026-03-02", filed_on="2026-03-05",
                     notice_served_on="2026-04-01", decided_on="2026-04-20", fine_fen=5_000_000)
    return make_window(db).open_case(case.id)


def test_a_service_date_before_the_decision_or_still_to_come_is_refused_as_it_is_picked(db, decided, english):
    seen = {}

    def pick(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.date.setDate(qdate("2026-04-18"))
        dialog.date.clearFocus()  # picked, and the officer moves on: the error shows and follows every change
        seen["before"] = (dialog.date_error.isVisible(), dialog.date_error.text(), ok.isEnabled())
        dialog.date.setDate(qdate(today()).addDays(3))
        seen["future"] = (dialog.date_error.isVisible(), dialog.date_error.text(), ok.isEnabled())
        dialog.date.setDate(qdate("2026-04-22"))
        dialog.acknowledge.setChecked(True)  # decided outside the workstation: no 行政处罚决定书 issued, warned
        seen["fine"] = (dialog.date_error.isVisible(), ok.isEnabled())
        ok.click()

    timer = when_modal(TransitionDialog, pick)
    decided.action_buttons["serve_decision"].click()
    timer.stop()
    visible, text, enabled = seen["before"]
    assert visible and not enabled
    assert "2026-04-18 is before the latest step of the case (Decision made, 2026-04-20)" in text
    visible, text, enabled = seen["future"]
    assert visible and not enabled and "still to come" in text
    assert seen["fine"] == (False, True)
    case = get_case(db, decided.case_id)
    assert (case.status, case.served_on) == ("served", "2026-04-22")
    assert "Decision served" in decided.status_label.text()
    assert any(line.startswith("2026-04-22") for line in timeline(decided))


def test_an_action_without_a_date_field_cannot_be_dated_before_the_filing(db, make_case, make_window, english):
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        dialog.date.setDate(qdate("2026-03-01"))
        seen["error"] = dialog.date_error.text()
        seen["ok"] = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    timer = when_modal(TransitionDialog, pick)
    workspace.action_buttons["conclude_investigation"].click()
    timer.stop()
    assert "before the latest step of the case (Case filed, 2026-03-10)" in seen["error"]
    assert seen["ok"] is False
    assert get_case(db, case.id).status == "investigating"


def test_the_end_of_the_statement_period_waits_for_the_party_s_five_working_days(db, make_case, make_window,
                                                                                   english):
    case = make_case(status="pre_notice", lead_received_on="2026-03-02", filed_on="2026-03-05",
                     notice_served_on="2026-04-01")
    due = procedure.statement_deadline(db, case).due
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def pick(dialog):
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        dialog.date.setDate(qdate(due))
        seen["on_due"] = (dialog.date_error.text(), ok.isEnabled())
        dialog.date.setDate(qdate(due).addDays(1))
        seen["after"] = (dialog.date_error.isVisible(), ok.isEnabled())

    timer = when_modal(TransitionDialog, pick)
    workspace.action_buttons["end_statement_period"].click()
    timer.stop()
    text, enabled = seen["on_due"]
    assert f"until {due}" in text and not enabled
    assert seen["after"] == (False, True)


def test_the_end_of_the_statement_period_is_greyed_out_with_its_last_day_while_the_period_runs(
        db, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    case = make_case(status="pre_notice", lead_received_on="2026-03-02", filed_on="2026-03-05",
                     notice_served_on=today())
    due = procedure.statement_deadline(db, case).due
    workspace = make_window(db).open_case(case.id)
    button = workspace.action_buttons["end_statement_period"]
    assert not button.isEnabled()
    assert f"until {due}" in button.toolTip() and "only from the day after" in button.toolTip()
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    assert any(note.startswith(f"{plain_label(button.text())}：") and f"until {due}" in note for note in notes)
    # once the period has run (served long ago) the action is offered
    served_before = make_case(status="pre_notice", lead_received_on="2026-03-02", filed_on="2026-03-05",
                              notice_served_on="2026-04-01")
    assert make_window(db).open_case(served_before.id).action_buttons["end_statement_period"].isEnabled()


def test_the_document_type_chosen_stays_chosen_after_a_step_and_a_refresh(db, make_case, make_window):
    case = make_case(lead_received_on=today())  # filed within T1: nothing to tick
    window = make_window(db)
    workspace = window.open_case(case.id)
    choice = workspace.documents.form_choice
    assert choice.count() > 2
    # the last type the case may take after its filing too (the archive sheets wait for the case to be closed)
    last = next(i for i in reversed(range(choice.count())) if choice.model().item(i).isEnabled()
                and choice.itemData(i) not in ("file_cover", "file_index", "file_remarks"))
    chosen = choice.itemData(last)
    choice.setCurrentIndex(last)

    timer = when_modal(TransitionDialog,
                       lambda dialog: dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click())
    workspace.action_buttons["file"].click()
    timer.stop()
    assert get_case(db, case.id).status == "investigating"
    assert workspace.documents.form_choice is not choice  # the section was rebuilt
    assert workspace.documents.form_choice.currentData() == chosen
    window.refresh()
    assert workspace.documents.form_choice.currentData() == chosen
    # a type no longer offered leaves the first chosen
    workspace.documents.choose("no_such_form")
    assert workspace.documents.form_choice.currentData() == chosen
    first = workspace.documents.form_choice.itemData(0)
    workspace.documents.form_choice.setCurrentIndex(0)
    workspace.reload()
    assert workspace.documents.form_choice.currentData() == first


def test_the_party_chosen_for_a_document_stays_chosen_after_a_refresh(db, make_case, make_window):
    from tests.test_party_case10 import with_employee

    case, _company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                           review_on="2026-02-27"))
    window = make_window(db)
    documents = window.open_case(case.id).documents
    documents.form_choice.setCurrentIndex(documents.form_choice.findData("pre_penalty_notice"))
    documents.party_choice.setCurrentIndex(documents.party_choice.findData(employee))
    window.refresh()
    documents = window.workspaces[case.id].documents
    assert documents.form_choice.currentData() == "pre_penalty_notice"
    assert documents.party_choice.currentData() == employee and documents.party_choice.isEnabled()


def test_esc_after_typing_a_reason_asks_before_throwing_it_away(db, make_case, make_window, prompts, qtbot):
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def type_and_escape(dialog):
        dialog.reason.setFocus()
        qtbot.keyClicks(dialog.reason, "wait for the test report")
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
        seen["kept"] = dialog.isVisible() and dialog.reason.toPlainText() == "wait for the test report"
        prompts.confirm_answer = True
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
        seen["closed"] = not dialog.isVisible()

    timer = when_modal(TransitionDialog, type_and_escape)
    workspace.action_buttons["suspend"].click()
    timer.stop()
    assert prompts.confirmations == ["放弃所做的修改吗？"] * 2
    assert seen == {"kept": True, "closed": True}
    assert get_case(db, case.id).status == "investigating"


def test_tab_leaves_the_reason_field_for_the_buttons(db, make_case, qtbot):
    dialog = TransitionDialog(procedure.BY_NAME["suspend"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "x")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert dialog.reason.toPlainText() == "x"
    assert not dialog.reason.hasFocus()


def test_today_is_accepted_and_stays_the_default(db, make_case, make_window):
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    workspace = make_window(db).open_case(case.id)
    seen = {}

    def accept(dialog):
        seen["error"] = dialog.date_error.isVisible()
        dialog.acknowledge.setChecked(True)  # the case issued no record: 调查终结 warns (workstation/concluding.py)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    timer = when_modal(TransitionDialog, accept)
    workspace.action_buttons["conclude_investigation"].click()
    timer.stop()
    assert seen["error"] is False
    assert get_case(db, case.id).status == "investigation_concluded"
    assert any(line.startswith(today()) for line in timeline(workspace))


# clocks ---------------------------------------------------------------------------------------------------------
def test_a_suspension_reason_is_masked_in_the_clock_events_as_on_the_timeline(db, make_case, make_window):
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-03-20", reason="当事人13800138000下落不明")
    workspace = make_window(db).open_case(case.id)
    events = [workspace.clocks.events.item(i).text() for i in range(workspace.clocks.events.count())]
    assert events and all("13800138000" not in line for line in events)
    assert any("138****8000" in line for line in events)
    assert not any("13800138000" in line for line in timeline(workspace))


@pytest.fixture
def suspended(db, make_case, make_window):
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-03-20", reason="等待检测报告")
    workspace = make_window(db).open_case(case.id)
    workspace.clocks.events.setCurrentRow(0)
    return workspace


@pytest.fixture
def testing(db, make_case, make_window):
    """A case with a testing period running, a stop ended by hand (the suspension of a case 中止 ends with the step
    恢复调查 alone, ``test_s50_clock_events``)."""
    case = procedure.apply(db, make_case(lead_received_on="2026-03-02").id, "file", on_date="2026-03-10")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-03-20", note="等待检测报告"))
    workspace = make_window(db).open_case(case.id)
    workspace.clocks.events.setCurrentRow(0)
    return workspace


def test_ending_a_stop_checks_the_last_day_as_it_is_picked(db, testing, prompts, english):
    seen = {}

    def pick(dialog):
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        dialog.ends_on.setDate(qdate("2026-03-19"))
        dialog.ends_on.clearFocus()  # picked, and the officer moves on
        seen["early"] = (dialog.error.isVisible(), dialog.error.text(), save.isEnabled())
        dialog.ends_on.setDate(qdate("2026-04-02"))
        seen["fine"] = (dialog.error.isVisible(), save.isEnabled())
        save.click()

    timer = when_modal(EndEventDialog, pick)
    testing.clocks.findChild(QPushButton, "end_clock_event").click()
    timer.stop()
    visible, text, enabled = seen["early"]
    assert visible and not enabled
    assert text == "It cannot end (2026-03-19) before it begins (2026-03-20)."  # no internal field name
    assert seen["fine"] == (False, True)
    assert clock_events_of(db, testing.case_id)[0].ends_on == "2026-04-02"
    assert "2026-03-20 to 2026-04-02" in testing.clocks.events.item(0).text()
    assert prompts.errors == []


def test_removing_an_event_without_a_reason_says_so_without_the_field_name(db, suspended, prompts, english):
    prompts.texts.append("   ")
    suspended.clocks.findChild(QPushButton, "remove_clock_event").click()
    assert prompts.errors == ["Say why the event is removed."]
    assert len(clock_events_of(db, suspended.case_id)) == 1


def test_esc_in_the_clock_event_dialog_asks_once_something_was_entered(db, suspended, prompts, qtbot):
    dialog = ClockEventDialog(db, suspended.case, prompts, suspended)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []  # nothing entered: closes at once
    dialog = ClockEventDialog(db, suspended.case, prompts, suspended)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.note.setFocus()
    dialog.note.insert("检测机构回函")  # as an input method commits it
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.note.text() == "检测机构回函"
    assert [o[0] for o in prompts.offered] == [SAVE_ASKED]  # save, discard or cancel: cancelled


# law --------------------------------------------------------------------------------------------------------------
def test_esc_in_the_penalty_dialog_keeps_a_written_reason_unless_discarded(db, decided, prompts, qtbot):
    dialog = PenaltyChoiceDialog(db, decided.case, prompts, decided)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "first violation, corrected at once")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert dialog.isVisible() and [o[0] for o in prompts.offered] == [SAVE_ASKED]
    prompts.choices.append(1)  # 放弃修改
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert get_case(db, decided.case_id).discretion_reason == ""


def test_the_penalty_dialog_shows_the_circumstances_whole_and_tab_leaves_the_reason(db, decided, prompts, qtbot):
    dialog = PenaltyChoiceDialog(db, decided.case, prompts, decided)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.factors.viewport().width() >= dialog.factors.sizeHintForColumn(0)
    assert dialog.width() <= 1280
    dialog.reason.setFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert dialog.reason.toPlainText() == "" and not dialog.reason.hasFocus()


# evidence ---------------------------------------------------------------------------------------------------------
@pytest.fixture
def customer_list(db, data_dir, make_case, tmp_path):
    """A case with a customer list of 3 rows, 2 distinct people (甲 written twice, the number in two forms), registered
    as its evidence."""
    path = tmp_path / "客户信息表.csv"
    path.write_text("姓名,联系电话\n甲,13800138000\n乙,13900139000\n甲,138-0013-8000\n", encoding="utf-8")
    case = make_case()
    add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    return case


def test_counting_reports_its_progress_through_the_task_runner(db, customer_list, make_window):
    window = make_window(db)
    workspace = window.open_case(customer_list.id)
    workspace.evidence.view.selectRow(0)
    timer = when_modal(CountDialog, lambda dialog: dialog.buttons.button(
        QDialogButtonBox.StandardButton.Apply).click())
    workspace.evidence.findChild(QPushButton, "count_records").click()
    timer.stop()
    reports = window.runner.progress_reports
    assert reports and reports[-1][0] == reports[-1][1] > 0  # the last report says it is done
    assert get_case(db, customer_list.id).records_other == 2


def test_a_cancelled_count_changes_nothing_and_says_so(db, customer_list, make_window, prompts):
    window = make_window(db)
    workspace = window.open_case(customer_list.id)
    workspace.evidence.view.selectRow(0)
    window.runner.cancel_token.cancel()
    shown = []
    timer = when_modal(CountDialog, shown.append)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    timer.stop()
    assert shown == []
    assert prompts.infos == ["已取消，未作任何更改。"] and prompts.errors == []
    assert get_case(db, customer_list.id).records_other == 0


def test_the_window_stays_responsive_while_a_count_runs(db, customer_list, data_dir, prompts, qtbot):
    from ui.main_window import MainWindow
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = MainWindow(db=db, data_dir=data_dir, runner=runner, prompts=prompts)
    qtbot.addWidget(window)
    workspace = window.open_case(customer_list.id)
    workspace.evidence.view.selectRow(0)
    applied = []

    def apply(dialog):
        applied.append(dialog.count.distinct)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()

    timer = when_modal(CountDialog, apply)
    try:
        workspace.evidence.findChild(QPushButton, "count_records").click()
        assert applied == []  # the click returned at once; the count goes on off the GUI thread
        qtbot.waitUntil(lambda: applied == [2], timeout=5000)
    finally:
        timer.stop()
        runner.wait(5000)
    assert get_case(db, customer_list.id).records_other == 2


def test_esc_while_describing_a_new_evidence_file_asks_before_dropping_the_description(db, data_dir, customer_list,
                                                                                        prompts, qtbot, tmp_path):
    path = tmp_path / "通话录音.mp3"
    path.write_bytes(b"ID3" + bytes(64))
    dialog = EvidenceDialog(db, data_dir, customer_list, prompts, path=str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.description.setFocus()
    dialog.description.insert("当事人员工与消费者的通话录音")
    qtbot.keyClick(dialog.description, Qt.Key.Key_Escape)
    assert dialog.isVisible() and [o[0] for o in prompts.offered] == [SAVE_ASKED]
    prompts.choices.append(1)  # 放弃修改
    qtbot.keyClick(dialog.description, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert len(list_evidence(db, customer_list.id)) == 1


def test_adding_a_large_file_reports_the_bytes_read_and_can_be_cancelled(db, customer_list, make_window, prompts,
                                                                          tmp_path):
    path = tmp_path / "通话录音.wav"
    path.write_bytes(b"RIFF" + bytes(20 * 1024 * 1024))  # read in three steps
    window = make_window(db)
    workspace = window.open_case(customer_list.id)
    seen = {}

    def describe_and_save(dialog):
        dialog.description.setText("当事人员工与消费者的通话录音")
        window.runner.cancel_token.cancel()  # the officer presses Cancel while the file is read
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        seen["open_after_cancel"] = dialog.isVisible() and dialog.description.text() != ""
        window.runner.cancel_token = CancelToken()  # a fresh start
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    prompts.files.append(str(path))
    timer = when_modal(EvidenceDialog, describe_and_save)
    workspace.evidence.findChild(QPushButton, "add_evidence").click()
    timer.stop()
    assert seen == {"open_after_cancel": True}
    assert prompts.infos == ["已取消，未作任何更改。"]
    size = -(-path.stat().st_size // 1024)  # in KiB: a progress dialog counts in 32-bit numbers (s47)
    read = [(done, total) for done, total, _message in window.runner.progress_reports if total == size]
    assert read[-1] == (size, size) and len(read) >= 3
    items = list_evidence(db, customer_list.id)
    assert [item.file_name for item in items] == ["客户信息表.csv", "通话录音.wav"]
    assert workspace.evidence.model.rowCount() == 2


def test_a_phone_number_in_a_file_name_is_masked_in_the_count_as_in_the_register(db, data_dir, make_case,
                                                                                  make_window, tmp_path):
    path = tmp_path / "13912345678名下客户.csv"
    path.write_text("姓名,联系电话\n甲,13800138000\n乙,13900139000\n", encoding="utf-8")
    case = make_case()
    add_evidence(db, data_dir, case.id, path, kind="customer_list", collected_on="2026-03-10")
    window = make_window(db)
    workspace = window.open_case(case.id)
    workspace.evidence.view.selectRow(0)
    shown = []

    def read(dialog):
        shown.extend(label.text() for label in dialog.findChildren(type(dialog.result)))

    timer = when_modal(CountDialog, read)
    workspace.evidence.findChild(QPushButton, "count_records").click()
    timer.stop()
    assert workspace.evidence.model.index(0, 0).data() == "139****5678名下客户.csv"
    assert any("139****5678名下客户.csv" in text for text in shown)
    assert not any("13912345678" in text for text in shown)
    assert not any("13912345678" in message for _done, _total, message in window.runner.progress_reports)


def test_angle_brackets_typed_in_a_cause_a_name_or_the_facts_are_shown_as_typed(db, make_window):
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QLabel

    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, save_party

    def shown(label: QLabel) -> str:
        if label.textFormat() == Qt.TextFormat.PlainText:
            return label.text()
        document = QTextDocument()
        document.setHtml(label.text())
        return document.toPlainText()

    party = save_party(db, Party(name="佛山市<b>某</b>科技有限公司", uscc="91512081MA62K0260E"))
    case = create_case(db, Case(case_number="", cause="涉嫌群发<短信>案", sector="other",
                                agency_id=agency_id_for_code("440605"), party_ids=[party.id],
                                facts="单价<100元的套餐，<i>未经同意</i>发送"))
    workspace = make_window(db).open_case(case.id)
    assert "涉嫌群发<短信>案" in shown(workspace.findChild(QLabel, "case_title"))
    assert shown(workspace.findChild(QLabel, f"party_{party.id}")).startswith("佛山市<b>某</b>科技有限公司\n")
    assert shown(workspace.findChild(QLabel, "facts")) == "单价<100元的套餐，<i>未经同意</i>发送"
