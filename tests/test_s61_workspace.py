"""The case workspace kept true to the stored case (session 61's audit of the workspace): a case changed elsewhere
(the command line, another connection) is shown as it is once its tab is shown again, and after an action or an
edit refused because of it; an action rebuilds the tab once; the day changing past midnight rebuilds the whole
tab, not only its deadlines."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from workstation.store import find_case, get_case

STALE = "佛三市监立〔2026〕6号"  # pre-notice served (已告知), the statement period running
OTHER = "佛南市监立〔2026〕9号"  # investigating


@pytest.fixture
def window(demo_db, make_window, english):
    return make_window(demo_db)


@pytest.fixture
def other_connection(demo_db, data_dir):
    """A second connection to the same database: the command line, the exchange's worker."""
    from workstation.db import open_database
    from workstation.paths import database_path

    connection = open_database(database_path(data_dir))
    yield connection
    connection.close()


def end_statement_elsewhere(connection, case_id):
    from workstation import procedure

    procedure.apply(connection, case_id, "end_statement_period", on_date="2026-11-20")


# 1. stale ---------------------------------------------------------------------------------------------------------
def test_a_case_changed_elsewhere_is_shown_as_stored_when_its_tab_is_shown_again(window, demo_db, other_connection):
    window.show()
    case = find_case(demo_db, STALE)
    workspace = window.open_case(case.id)
    before = workspace.status_label.text()
    window.open_case(find_case(demo_db, OTHER).id)  # another tab shown meanwhile
    end_statement_elsewhere(other_connection, case.id)
    window.open_case(case.id)  # its tab shown again
    assert workspace.status_label.text() != before
    assert get_case(demo_db, case.id).status == "decision_pending"
    assert "waive_statement" not in workspace.action_buttons or not workspace.action_buttons[
        "waive_statement"].isEnabled()


def test_an_action_refused_because_the_case_changed_elsewhere_shows_the_case_as_stored(
        demo_db, make_window, english, other_connection, prompts):
    window = make_window(demo_db, ask_transition=lambda parent, transition, *a, **k: ("2026-11-12", ""))
    case = find_case(demo_db, STALE)
    workspace = window.open_case(case.id)
    before = workspace.status_label.text()
    end_statement_elsewhere(other_connection, case.id)
    workspace.action_buttons["waive_statement"].click()  # clicked before the tab looked again
    assert prompts.errors  # refused
    assert workspace.status_label.text() != before  # and the tab shows the case as it is now


def test_an_edit_refused_because_the_case_changed_elsewhere_reopens_with_what_was_typed(
        window, demo_db, other_connection, prompts, monkeypatch):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, STALE)
    workspace = window.open_case(case.id)
    before = workspace.status_label.text()
    shown = []

    def exec_(dialog) -> int:
        shown.append(dialog.counts["records_other"].value())
        if len(shown) == 1:  # the case changes elsewhere while the officer types
            end_statement_elsewhere(other_connection, case.id)
            dialog.counts["records_other"].setValue(999)
            dialog.save()  # refused: changed since opened
            assert QDialog.result(dialog) != QDialog.DialogCode.Accepted
            QDialog.reject(dialog)
        else:
            dialog.save()
        return QDialog.result(dialog)

    monkeypatch.setattr(CaseDialog, "exec", exec_)
    prompts.confirm_answer = True  # open it again with what was typed
    window.edit_case(case.id)
    assert any("changed elsewhere" in e for e in prompts.errors)
    assert shown[1:] == [999]  # reopened with the value typed
    stored = get_case(demo_db, case.id)
    assert stored.records_other == 999 and stored.status == "decision_pending"
    assert workspace.status_label.text() != before


def test_an_edit_refused_and_not_reopened_still_shows_the_case_as_stored(
        window, demo_db, other_connection, prompts, monkeypatch):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, STALE)
    workspace = window.open_case(case.id)
    before = workspace.status_label.text()

    def exec_(dialog) -> int:
        end_statement_elsewhere(other_connection, case.id)
        dialog.counts["records_other"].setValue(999)
        dialog.save()
        QDialog.reject(dialog)
        return QDialog.result(dialog)

    monkeypatch.setattr(CaseDialog, "exec", exec_)
    prompts.confirm_answer = False
    window.edit_case(case.id)
    assert any("999" in c for c in prompts.confirmations)  # what was not saved is said
    assert workspace.status_label.text() != before
    assert get_case(demo_db, case.id).records_other != 999


# 2. one rebuild per change ------------------------------------------------------------------------------------------
def test_a_section_change_rebuilds_the_tab_once_and_counts_clocks_once(window, demo_db, monkeypatch):
    from ui.case_clocks import CaseClocks
    from ui.case_workspace import CaseWorkspace

    case = find_case(demo_db, OTHER)
    workspace = window.open_case(case.id)
    reloads, refreshes = [], []
    real_reload, real_refresh = CaseWorkspace.reload, CaseClocks.refresh
    monkeypatch.setattr(CaseWorkspace, "reload", lambda self: (reloads.append(1), real_reload(self))[1])
    monkeypatch.setattr(CaseClocks, "refresh", lambda self: (refreshes.append(1), real_refresh(self))[1])
    workspace.clocks._changed()  # a clock event recorded
    assert len(reloads) == 1
    assert len(refreshes) == 1


# 3. midnight ------------------------------------------------------------------------------------------------------
def test_past_midnight_the_actions_are_judged_again_not_only_the_deadlines(demo_db, make_window, english,
                                                                            monkeypatch):
    from tests.helpers import program_day

    case = find_case(demo_db, STALE)
    program_day(monkeypatch, "2026-11-12")
    window = make_window(demo_db)
    window.show()
    workspace = window.open_case(case.id)
    button = workspace.action_buttons["end_statement_period"]
    assert not button.isEnabled()
    last = get_case(demo_db, case.id)
    from workstation import clocks

    t4 = [d for d in clocks.case_clocks(demo_db, last, on="2026-11-12") if d.clock == "T4"]
    assert t4 and t4[0].due
    program_day(monkeypatch, (__import__("datetime").date.fromisoformat(str(t4[0].due))
                              + __import__("datetime").timedelta(days=1)).isoformat())
    for timer in workspace.findChildren(QTimer):  # the day-watch looks (once a minute)
        if timer.isActive():
            timer.timeout.emit()
    assert workspace.action_buttons["end_statement_period"].isEnabled()


# 4. the watch follows this case only, and leaves a reveal and what is typed alone ------------------------------------
def _tick(workspace) -> None:
    """The workspace watch's look (every WATCH_MS while shown)."""
    workspace.watch.timeout.emit()


def test_a_change_to_another_case_leaves_an_open_workspace_alone(window, demo_db, other_connection):
    from workstation import procedure

    window.show()
    window.activateWindow()
    workspace = window.open_case(find_case(demo_db, OTHER).id)
    label = workspace.status_label
    stale = find_case(demo_db, STALE)
    procedure.apply(other_connection, stale.id, "end_statement_period", on_date="2026-11-20")
    assert not workspace.out_of_date()
    assert not workspace.follow_if_out_of_date()
    _tick(workspace)
    assert workspace.status_label is label  # not rebuilt


def test_the_watch_runs_only_while_the_workspace_is_shown(window, demo_db):
    window.show()
    workspace = window.open_case(find_case(demo_db, STALE).id)
    assert workspace.watch.isActive()
    window.open_case(find_case(demo_db, OTHER).id)  # its tab hidden
    assert not workspace.watch.isActive()
    window.open_case(find_case(demo_db, STALE).id)
    assert workspace.watch.isActive()


def test_a_reveal_stays_revealed_past_the_next_tick(demo_db, make_window, english):
    from PySide6.QtWidgets import QLabel, QPushButton

    from workstation.records import Case, Party
    from workstation.store import agency_id_for_code, create_case, save_party

    person = save_party(demo_db, Party(name="朱子轩", kind="person", phone="13800138000"))
    case = create_case(demo_db, Case(case_number="", cause="涉嫌非法出售消费者个人信息案", sector="other",
                                     agency_id=agency_id_for_code("440605"), status="pending_filing",
                                     party_ids=[person.id], facts="经查，当事人以手机13912345678出售信息。"))
    window = make_window(demo_db)
    window.show()
    window.activateWindow()
    workspace = window.open_case(case.id)
    workspace.findChild(QPushButton, "reveal_facts").click()
    workspace.findChild(QPushButton, f"reveal_party_{person.id}").click()
    assert not workspace.out_of_date()
    _tick(workspace)
    assert "13912345678" in workspace.findChild(QLabel, "facts").text()
    assert "13800138000" in workspace.findChild(QLabel, f"party_{person.id}").text()


def test_what_is_typed_in_the_workspace_is_not_rebuilt_away(window, demo_db, other_connection, qtbot):
    window.show()
    window.activateWindow()
    case = find_case(demo_db, STALE)
    workspace = window.open_case(case.id)
    choice = workspace.documents.form_choice
    choice.setFocus()
    qtbot.waitUntil(lambda: choice.hasFocus() or choice.lineEdit().hasFocus(), timeout=3000)
    choice.lineEdit().setText("告知")
    end_statement_elsewhere(other_connection, case.id)  # this very case changed elsewhere meanwhile
    assert workspace.out_of_date()
    _tick(workspace)
    assert workspace.documents.form_choice is choice and choice.lineEdit().text() == "告知"  # left alone
    workspace.edit_button.setFocus()  # the officer leaves the field: the next look rebuilds
    qtbot.waitUntil(lambda: workspace.edit_button.hasFocus(), timeout=3000)
    _tick(workspace)
    assert not workspace.out_of_date() and workspace.documents.form_choice is not choice


# 5. a cancel on purpose is not a refused save -----------------------------------------------------------------------
def test_a_cancel_after_the_case_changed_elsewhere_asks_nothing(window, demo_db, other_connection, prompts,
                                                                 monkeypatch):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, STALE)
    window.open_case(case.id)

    def exec_(dialog) -> int:
        end_statement_elsewhere(other_connection, case.id)
        dialog.counts["records_other"].setValue(999)
        QDialog.reject(dialog)  # cancelled on purpose: no save tried
        return QDialog.result(dialog)

    monkeypatch.setattr(CaseDialog, "exec", exec_)
    window.edit_case(case.id)
    assert prompts.confirmations == [] and prompts.errors == []
