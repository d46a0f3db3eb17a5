"""Faults of the interviews audit (约谈, s60), as the window shows them: the 约谈 page's search finds the rows it found
before, from texts made once when the register is read, and its outcome and subject columns sort by what they show
(D1); a date retyped in the editor leaves on screen the deadline Save stores (D3); an interview set for later today is
not left ticked Held and saved as scheduled (D7); a date years ahead is refused at its field (D4); a deadline typed in
the editor is stored as typed (D5); an issued 约谈记录 whose deadline the calendar moved is marked in the register, and
escalating before the recounted day asks first (D2)."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests import test_s60_interviews as core
from tests.helpers import program_day
from tests.test_s60_interviews import QUERIES, _add, _found_before, _import_2027

pytestmark = pytest.mark.gui
# the fixtures of the core's tests: the calendars read again around each test, and an issued record into 2027
calendars_read_again = core.calendars_read_again
record_into_2027 = core.record_into_2027


def _page(db, data_dir, prompts, qtbot, on: str | None = None):
    from ui.interviews_page import InterviewsPage

    page = InterviewsPage(db, data_dir, prompts, on=on)
    qtbot.addWidget(page)
    return page


def _shown(page) -> list[str]:
    return [r.interview.id for r in page.model.records]


# D1 ----------------------------------------------------------------------------------------------------------------
def test_the_page_finds_the_rows_it_found_before(demo_db, data_dir, prompts, qtbot):
    from workstation.interview_register import escalated_cases

    page = _page(demo_db, data_dir, prompts, qtbot, on="2026-12-06")
    page.show_void.setChecked(True)
    rows = page.rows
    assert len(rows) > 5
    for query in QUERIES:
        page.search.setText(query)
        expected = []
        for r in rows:
            links, i = r.links, r.interview
            cases = escalated_cases(i)
            also = [*(links.party_names.get(p, p) for p in i.party_ids), *(links.case_numbers.get(c, c) for c in cases),
                    *(links.filed_numbers.get(c) or "" for c in cases),
                    *(d.number or "" for d in links.documents.get(i.id, [])), r.lead]
            if _found_before(i, query, *also):
                expected.append(i.id)
        assert sorted(_shown(page)) == sorted(expected), query


def test_the_outcome_and_subject_columns_sort_by_what_they_show(demo_db, data_dir, prompts, qtbot):
    page = _page(demo_db, data_dir, prompts, qtbot, on="2026-12-06")
    for column in (2, 10):  # 约谈主题, 跟进结论
        page.view.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        shown = [page.model.data(page.model.index(row, column)) for row in range(page.model.rowCount())]
        assert shown == sorted(shown), column


def test_the_rows_read_in_the_background_carry_their_search(demo_db, data_dir):
    from ui.interviews_page import interview_rows_task
    from workstation.paths import database_path
    from workstation.store.cases import search_terms

    class Going:
        def check(self):
            pass

    rows = interview_rows_task(database_path(data_dir), "2026-12-06", progress=lambda *a: None, cancel=Going())
    for r in rows:
        assert r.found(search_terms(r.interview.held_on)) and not r.found(search_terms("zzzz"))


# D3 ----------------------------------------------------------------------------------------------------------------
def test_a_date_retyped_key_by_key_leaves_on_screen_the_deadline_saved(demo_db, data_dir, capsys, prompts, qtbot,
                                                                       monkeypatch):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    program_day(monkeypatch, "2026-12-06")
    interview = get_interview(demo_db, _add(capsys, data_dir, "2026-11-20")["id"])
    assert interview.rectification_due == "2026-12-11"
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.dates["held_on"]
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, "2026-11-23")
    due = dialog.dates["rectification_due"]
    assert due.text() == "" and "2026-12-14" in due.placeholderText(), (due.text(), due.placeholderText())
    dialog.save()
    assert dialog.saved_interview.rectification_due == "2026-12-14"


def test_a_deadline_typed_in_the_editor_is_kept_as_typed(demo_db, data_dir, capsys, prompts, qtbot, monkeypatch):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import deadline_was_typed, get_interview

    program_day(monkeypatch, "2026-12-06")
    interview = get_interview(demo_db, _add(capsys, data_dir, "2026-11-20")["id"])
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    dialog.dates["rectification_due"].setText("2026-12-14")
    dialog.save()
    assert deadline_was_typed(demo_db, interview.id)
    # the date moved afterwards: the deadline typed stays, on screen and saved
    dialog = InterviewDialog(demo_db, prompts, get_interview(demo_db, interview.id))
    qtbot.addWidget(dialog)
    dialog.dates["held_on"].setText("2026-11-23")
    assert dialog.dates["rectification_due"].text() == "2026-12-14"
    dialog.save()
    assert dialog.saved_interview.rectification_due == "2026-12-14"


# D7 ----------------------------------------------------------------------------------------------------------------
def test_an_interview_later_today_is_not_left_ticked_held(demo_db, data_dir, capsys, prompts, qtbot, monkeypatch):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    program_day(monkeypatch, "2026-12-06")  # ten in the morning
    interview = get_interview(demo_db, _add(capsys, data_dir, "2026-12-06", "--time", "9:00")["id"])
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    assert dialog.held.isChecked() and dialog.held.isEnabled()
    dialog.held_at.setText("23:30")
    assert not dialog.held.isChecked() and not dialog.held.isEnabled()
    assert "23:30" in dialog.held.toolTip()
    dialog.save()
    assert dialog.saved_interview.status == "scheduled"
    dialog = InterviewDialog(demo_db, prompts, dialog.saved_interview)
    qtbot.addWidget(dialog)
    assert not dialog.held.isChecked()
    dialog.held_at.setText("9:00")  # the time passed: the officer's choice again
    assert dialog.held.isEnabled()


# D4 ----------------------------------------------------------------------------------------------------------------
def test_the_editor_refuses_a_date_years_ahead_at_its_field(demo_db, data_dir, capsys, prompts, qtbot, monkeypatch,
                                                           english):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.interviews import get_interview

    program_day(monkeypatch, "2026-12-06")
    interview = get_interview(demo_db, _add(capsys, data_dir, "2026-11-20")["id"])
    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    dialog.dates["rectification_due"].setText("2206-12-01")
    assert dialog.errors["rectification_due"].text().startswith("The rectification deadline 2206-12-01")
    dialog.dates["rectification_due"].setText("2027-12-01")
    assert not dialog.errors["rectification_due"].text()


# D2 ----------------------------------------------------------------------------------------------------------------
def test_the_register_marks_a_record_whose_deadline_the_calendar_moved_and_asks_before_escalating(
        demo_db, data_dir, capsys, tmp_path, monkeypatch, record_into_2027, prompts, qtbot, english):
    _import_2027(capsys, data_dir, tmp_path)
    program_day(monkeypatch, "2027-01-07")
    page = _page(demo_db, data_dir, prompts, qtbot, on="2027-01-07")
    page.select(record_into_2027)
    row = page.selected_row()
    due = page.model.data(page.model.index(_shown(page).index(record_into_2027), 4))
    assert due.startswith("2027-01-06") and "2027-01-08" in due, due
    prompts.confirm_answer = False
    page.escalate()
    assert any("2027-01-08" in q for q in prompts.confirmations), prompts.confirmations
    assert row.interview.case_id is None
