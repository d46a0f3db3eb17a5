"""Open document editors follow a change made elsewhere (s75): a bundle merged (the exchange page's
``records_changed``), a register import withdrawn or the demo loaded end in the window's ``refresh``, which
shows the open cases as a change of their own does — their tabs rebuilt and retitled, the fields of their open
editors the officer did not change taking the stored values, what the officer typed kept. A case's tab catching
up with a change made elsewhere (the command line, the exchange's worker) takes its editors with it. A holiday
file imported on the board shows the moved deadlines in the open case tabs too."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from workstation.documents.drafts import find_form
from workstation.store import find_case, get_case, get_party, save_party, update_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation
MERGED = "（总局合并后更新）"
TYPED_PHONE = "13900000001"


def _elsewhere(data_dir):
    """Another connection to the window's database, as the merge or import worker has."""
    from workstation.db import open_database
    from workstation.paths import database_path

    return open_database(database_path(data_dir))


def _changed_elsewhere(data_dir, case_id: str) -> tuple[str, str]:
    """The case's cause and its party's phone changed on another connection: (cause, phone) as now stored."""
    other = _elsewhere(data_dir)
    try:
        case = get_case(other, case_id)
        update_case(other, replace(case, cause=case.cause + MERGED))
        party = get_party(other, case.party_ids[0])
        save_party(other, replace(party, phone="13800000002"))
        other.conn.commit()
        return get_case(other, case_id).cause, get_party(other, case.party_ids[0]).phone
    finally:
        other.conn.close()


def _type_phone(editor, qtbot) -> None:
    """The officer types another phone number into the editor's 联系电话."""
    editor.show()
    qtbot.waitExposed(editor)
    box = editor.fields["phone"].focus_widget
    box.setFocus(Qt.FocusReason.OtherFocusReason)
    box.selectAll()
    QTest.keyClicks(box, TYPED_PHONE)
    assert editor.fields["phone"].value() == TYPED_PHONE and editor.touched


def _inquiry(window, qtbot):
    case = find_case(window.db, CASE)
    workspace = window.open_case(case.id)
    editor = window.open_editor(case, find_form("inquiry_record"))
    assert editor.fields["phone"].value() and editor.fields["phone"].value() != TYPED_PHONE
    _type_phone(editor, qtbot)
    return case, workspace, editor


def _close(editor, prompts) -> None:
    """The editor closed, the officer's changes discarded when asked."""
    from shiboken6 import isValid

    if isValid(editor):
        prompts.choices.append(1)  # 放弃更改
        editor.close()


def test_a_merge_shows_the_stored_case_in_the_open_editor_and_keeps_what_the_officer_typed(
        make_window, demo_db, data_dir, qtbot, prompts):
    window = make_window(demo_db)
    window.show()
    case, workspace, editor = _inquiry(window, qtbot)
    try:
        cause, phone = _changed_elsewhere(data_dir, case.id)
        assert editor.fields["cause"].value() != cause
        window.page(5).records_changed.emit()  # what a bundle merged ends with (``ExchangePage._merged``)
        assert editor.fields["cause"].value() == cause  # untouched: the stored value
        assert editor.fields["phone"].value() == TYPED_PHONE != phone  # typed: kept
        assert editor.dirty and "*" in editor.windowTitle()  # the officer's typing still to be saved
        assert workspace.case.cause == cause  # the tab rebuilt as before
    finally:
        _close(editor, prompts)


def test_a_window_refresh_takes_an_editor_whose_case_has_no_tab_along(make_window, demo_db, data_dir, qtbot, prompts):
    window = make_window(demo_db)
    window.show()
    case, workspace, editor = _inquiry(window, qtbot)
    window.close_case_tab(window.case_tabs.indexOf(workspace))
    assert case.id not in window.workspaces
    try:
        cause, _phone = _changed_elsewhere(data_dir, case.id)
        window.refresh()  # a register import withdrawn, the demo loaded, a restore
        assert editor.fields["cause"].value() == cause
        assert editor.fields["phone"].value() == TYPED_PHONE
    finally:
        _close(editor, prompts)


def test_an_untouched_editor_follows_and_stays_with_nothing_to_save(make_window, demo_db, data_dir, qtbot, prompts):
    window = make_window(demo_db)
    case = find_case(demo_db, CASE)
    window.open_case(case.id)
    editor = window.open_editor(case, find_form("inquiry_record"))
    try:
        cause, phone = _changed_elsewhere(data_dir, case.id)
        window.refresh()
        assert editor.fields["cause"].value() == cause and editor.fields["phone"].value() == phone
        assert not editor.dirty and "*" not in editor.windowTitle()
    finally:
        _close(editor, prompts)


def test_a_tab_catching_up_with_a_change_made_elsewhere_takes_its_editors_along(
        make_window, demo_db, data_dir, qtbot, prompts):
    window = make_window(demo_db)
    window.show()
    case, workspace, editor = _inquiry(window, qtbot)
    window.activateWindow()
    window.case_tabs.setCurrentWidget(workspace)
    try:
        cause, _phone = _changed_elsewhere(data_dir, case.id)
        assert workspace.follow_if_out_of_date()  # the tab's watch: rebuilt, ``caught_up`` told
        assert editor.fields["cause"].value() == cause
        assert editor.fields["phone"].value() == TYPED_PHONE
    finally:
        _close(editor, prompts)


def test_a_refresh_retitles_the_tab_shown(make_window, make_case, demo_db, data_dir, qtbot):
    made = make_case(status="pending_filing")
    window = make_window(demo_db)
    window.show()
    workspace = window.open_case(made.id)
    window.case_tabs.setCurrentWidget(workspace)
    old = window.case_tabs.tabText(window.case_tabs.indexOf(workspace))
    other = _elsewhere(data_dir)
    try:
        party = get_party(other, made.party_ids[0])
        save_party(other, replace(party, name="佛山市南海区合并后改名房地产有限公司"), rename_causes=False)
        other.conn.commit()
    finally:
        other.conn.close()
    window.page(5).records_changed.emit()
    title = window.case_tabs.tabText(window.case_tabs.indexOf(workspace))
    assert title != old and "合并后改名" in title


def test_a_holiday_file_imported_on_the_board_moves_the_deadlines_of_the_open_case_tabs(
        make_window, make_case, db, data_dir, qtbot, prompts, tmp_path, december_22, english):
    """A case whose lead came on 18 December 2026: its T1 (15 working days) ends on 11 January 2027 on the calendar
    guessed without 2027's file, and on Saturday 9 January once the file making it a working day is imported."""
    from tests.test_s64_yearend import JAN_2027
    from ui.case_clocks import CaseClocks

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    window = make_window(db)
    window.show()
    workspace = window.open_case(made.id)
    window.case_tabs.setCurrentWidget(workspace)

    def t1_due() -> list[str]:
        return [d.due for d in workspace.findChild(CaseClocks).deadlines if d.clock == "T1"]

    assert t1_due() == ["2027-01-11"]
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        assert window.board.import_calendar()  # the window's runner runs it at once here
        qtbot.waitUntil(lambda: bool(prompts.infos), timeout=30_000)
        assert t1_due() == ["2027-01-09"]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


# ---- final read, item 1: a refresh after a change that deleted an open case ------------------------------------------

def test_a_refresh_closes_the_tab_of_a_case_deleted_elsewhere_leaves_its_editor_and_shows_the_rest(
        make_window, make_case, db, data_dir, tmp_path, qtbot, prompts, english):
    """A register import withdrawn on another connection deletes a case with a tab open (shown) and one with an
    editor open: the window's refresh closes that tab, saying so, leaves that editor as it is, and still shows the
    other open case as stored and counts the board, the case list and the pages again."""
    from tests.test_register_import import GOOD, register_rows, write_csv
    from workstation.importing.register import import_register, withdraw_register_import

    kept = make_case(status="pending_filing")
    assert import_register(db, write_csv(tmp_path / "台账.csv", register_rows(GOOD, total=False))).imported == 4
    db.conn.commit()
    tabbed, edited = find_case(db, GOOD[0][0]), find_case(db, GOOD[1][0])
    window = make_window(db)
    window.show()
    kept_tab = window.open_case(kept.id)
    gone_tab = window.open_case(tabbed.id)
    window.case_tabs.setCurrentWidget(gone_tab)
    editor = window.open_editor(edited, find_form("inquiry_record"))
    shown_cause = editor.fields["cause"].value()
    told: list[int] = []
    window.data_changed.connect(lambda: told.append(1))
    try:
        cause, _phone = _changed_elsewhere(data_dir, kept.id)
        other = _elsewhere(data_dir)
        try:  # the editor's draft gone first (as a restore from before it was written), else the withdrawal is refused
            other.execute("DELETE FROM drafts WHERE case_id = ?", [edited.id])
            assert withdraw_register_import(other, "台账.csv").cases == 4
            other.conn.commit()
        finally:
            other.conn.close()
        window.board.stale = False
        window.refresh()  # what the window's withdrawal of a register import ends with
        assert tabbed.id not in window.workspaces and window.case_tabs.indexOf(gone_tab) == -1
        message = window.statusBar().currentMessage()
        assert GOOD[0][0] in message and "no longer exist" in message and "closed" in message
        assert editor.isVisible() and editor.fields["cause"].value() == shown_cause  # left as it is
        assert kept_tab.case.cause == cause  # the other open case shown as stored
        assert told and window.board.stale  # the pages told; the board (hidden) counted again when next shown
    finally:
        _close(editor, prompts)


# ---- final read, items 2 and 3: a holiday file imported counts the board once ----------------------------------------

def _board_counts(window, monkeypatch) -> list[int]:
    """Each count of the board (its ``refresh``, which counts it), recorded; the count itself still made."""
    counts: list[int] = []
    real = window.board.refresh

    def counting() -> None:
        counts.append(1)
        real()

    monkeypatch.setattr(window.board, "refresh", counting)
    return counts


@pytest.mark.parametrize("shown", ["board", "case"])
def test_a_holiday_file_imported_counts_the_board_once(make_window, make_case, db, data_dir, qtbot, prompts, tmp_path,
                                                       monkeypatch, december_22, english, shown):
    """With the board shown it is counted once with the import; with a case tab shown, once when it is shown next."""
    from tests.test_s64_yearend import JAN_2027

    made = make_case(status="pending_filing", lead_received_on="2026-12-18")
    db.conn.commit()
    window = make_window(db)
    window.show()
    qtbot.waitUntil(lambda: window.board.started and not window.board.stale, timeout=30_000)
    if shown == "case":
        window.case_tabs.setCurrentWidget(window.open_case(made.id))
    counts = _board_counts(window, monkeypatch)
    source = tmp_path / "jan.toml"
    source.write_text(JAN_2027, encoding="utf-8")
    prompts.files.append(str(source))
    try:
        assert window.board.import_calendar()
        qtbot.waitUntil(lambda: bool(prompts.infos), timeout=30_000)
        assert len(counts) == (1 if shown == "board" else 0)
        window.case_tabs.setCurrentWidget(window.board)
        qtbot.waitUntil(lambda: not window.board.stale and not window.board.counting.running, timeout=30_000)
        assert len(counts) == 1
        assert [d.due for d in window.board.deadlines if d.case_id == made.id and d.clock == "T1"] == ["2027-01-09"]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)


def test_a_holiday_file_imported_shows_the_recounted_rectification_deadlines_on_the_interviews_page(
        make_window, demo_db, data_dir, qtbot, prompts, tmp_path, monkeypatch, fresh_calendar, english):
    """An interview's usual rectification deadline counted before 2027's 春节 was known is counted again when the file
    giving it is imported on the board, before the interviews page shown reads the register again: it shows the
    deadline as now stored."""
    from dataclasses import replace as replaced

    from tests.helpers import fixed_holidays_toml, program_day
    from tests.test_interview_intv20 import demo_interview
    from workstation.store.interviews import get_interview, save_interview

    program_day(monkeypatch, "2027-01-25")
    interview = demo_interview(demo_db, "5246de4e")
    interview = save_interview(demo_db, replaced(
        interview, held_on="2027-01-25", status="held", rectification_due=None,
        commitments=interview.commitments or "停止发送商业性短信", follow_up_on=None, follow_up_result="", case_id=None))
    demo_db.execute("UPDATE interviews SET rectification_due = '2027-02-15' WHERE id = ?", [interview.id])
    demo_db.conn.commit()
    window = make_window(demo_db)
    window.show()
    window.go_to_page(2)
    page = window.page(2)
    qtbot.waitUntil(lambda: bool(page.rows), timeout=30_000)

    def shown_due() -> list:
        return [r.interview.rectification_due for r in page.rows if r.interview.id == interview.id]

    assert shown_due() == ["2027-02-15"]
    source = tmp_path / "2027.toml"
    source.write_text('year = 2027\nsource = "测试"\n[[holiday]]\nname = "春节"\nfrom = 2027-02-05\nto = 2027-02-11\n'
                      + fixed_holidays_toml(2027, but=("春节",)), encoding="utf-8")
    prompts.files.append(str(source))
    try:
        assert window.board.import_calendar()
        qtbot.waitUntil(lambda: bool(prompts.infos), timeout=30_000)
        stored = get_interview(demo_db, interview.id).rectification_due
        assert stored > "2027-02-15"  # counted again with the holidays
        qtbot.waitUntil(lambda: not page.reading.running, timeout=30_000)
        assert shown_due() == [stored]
    finally:
        (data_dir / "calendar" / "2027.toml").unlink(missing_ok=True)
