"""Session 67, the leads page audit: an undecided lead past its verification period (T1, 15 working days, REFERENCE
§1.2) was marked only by the red of its row (hidden by the selection's colour, no tooltip), and the pane under the
list gave the day the decision on filing was due only when the lead was extended or its calendar unconfirmed. The
pane now says it for every open lead, and for an overdue one by how many working days and what the page lets the
officer do; the 决定期限 cell of an overdue row says so when pointed at. A decided lead says nothing of it."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from tests.helpers import program_day
from ui.layouts import plain_label
from workstation.i18n import _, ngettext
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    decide_lead,
    extend_lead,
    file_case_from_lead,
    get_lead_row,
    overdue_t1_line,
)
from workstation.store import list_agencies
from workstation.store.base import set_setting

pytestmark = pytest.mark.gui

TODAY = "2026-12-07"  # a Monday


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    program_day(monkeypatch, TODAY)


def _lead(db, received: str) -> str:
    return register_lead(db, LeadEntry(source="12345", received_at=received, description="骚扰电话测试",
                                       target_phone="13800138000")).id


def _bureau(db) -> str:
    return next(a for a in list_agencies(db) if a.level == "district").id


def _page(make_window, db, lead_id: str):
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    assert page.selected()["id"] == lead_id
    return page


def _overdue(pane: str) -> str:
    return next(line for line in pane.splitlines() if line.startswith("Overdue"))


def _enabled(page) -> set[str]:
    return {name for name in ("assign", "extend", "file", "not_file", "refer") if page.buttons[name].isEnabled()}


def _shown(make_window, db, lead_id: str) -> tuple[str, str | None, str]:
    """The pane's text, the tooltip and the text of the lead's 决定期限 (Decide by) cell."""
    page = _page(make_window, db, lead_id)
    model = page.model
    row = [r["id"] for r in model.records].index(lead_id)
    column = [name for name, _value in model.columns].index("Decide by")
    cell = model.index(row, column)
    return page.detail.toPlainText(), cell.data(Qt.ItemDataRole.ToolTipRole), cell.data()


def test_an_overdue_lead_never_assigned_says_by_how_much_and_to_assign_it(db, make_window, english):
    lead = _lead(db, "2026-02-10 10:00")  # T1 ends 2026-03-09 (REFERENCE §9)
    pane, tip, cell = _shown(make_window, db, lead)
    # 2026-03-10 … 2026-12-07: 187 working days on the 2026 calendar, today counted (as a decision made today would be) (清明, 劳动节, 端午, 中秋/国庆 off, make-up days on)
    assert "Overdue by 187 working days: whether to file was to be decided by 2026-03-09 (T1)." in pane
    overdue = _overdue(pane)
    # what the page lets the officer do with it, and nothing it greys out: assigned, or referred (by the bureau
    # holding it); not filed (no bureau for its case) nor decided not to file (no agency of this station to issue
    # its 不予立案审批表)
    assert "Assign…" in overdue and "Refer…" in overdue and "Extend T1…" in overdue
    assert "Not file" not in overdue and "File a case" not in overdue
    assert cell == "2026-03-09 (overdue)"
    assert tip and "overdue" in tip.lower() and "2026-03-09" in tip


def test_an_assigned_lead_within_its_period_says_when_to_decide(db, make_window, english):
    lead = _lead(db, "2026-11-30 10:00")
    assign_lead(db, lead, _bureau(db), on="2026-12-01")
    pane, tip, cell = _shown(make_window, db, lead)
    assert "Decide whether to file by 2026-12-22 (T1)." in pane  # 15 working days from 12-02
    assert "Overdue" not in pane
    assert "overdue" not in (tip or "").lower() and cell == "2026-12-22"


def test_an_extended_lead_past_its_end_says_to_decide_it_now_not_to_extend_it_again(db, make_window, english):
    lead = _lead(db, "2026-09-01 10:00")
    assign_lead(db, lead, _bureau(db), on="2026-09-01")
    extend_lead(db, lead, 15, "2026-09-15", "张局长")
    pane, tip, cell = _shown(make_window, db, lead)
    due = cell.removesuffix(" (overdue)")
    assert f"T1 extended by 15 working days, approved on 2026-09-15 by 张局长; decide by {due}." in pane
    overdue = next(line for line in pane.splitlines() if line.startswith("Overdue by "))
    assert f"to be decided by {due} (T1)" in overdue
    # assigned: decided now on this page, the decision kept as made late; the one extension is taken already
    assert "File a case" in overdue and "Not file…" in overdue and "Refer…" in overdue and "late" in overdue
    assert "Extend" not in overdue
    assert "Decide whether to file by" not in pane  # said once, by the extension's line
    assert "overdue" in tip.lower()


def test_an_assigned_overdue_lead_not_extended_is_offered_the_extension_approved_in_time(db, make_window, english):
    lead = _lead(db, "2026-09-01 10:00")
    assign_lead(db, lead, _bureau(db), on="2026-09-01")
    pane, _tip, _cell = _shown(make_window, db, lead)
    overdue = next(line for line in pane.splitlines() if line.startswith("Overdue by "))
    assert "Extend T1…" in overdue


def test_a_decided_lead_says_nothing_of_its_deadline(db, make_window, english):
    lead = _lead(db, "2026-02-10 10:00")
    assign_lead(db, lead, _bureau(db), on="2026-02-11")
    decide_lead(db, lead, "not_file", on="2026-02-20", reason="现有证据不足以认定违法")
    pane, tip, cell = _shown(make_window, db, lead)
    assert "Decide whether to file by" not in pane and "Overdue" not in pane and "decide by" not in pane
    assert cell == "—" and "overdue" not in (tip or "").lower()


def test_the_advice_names_every_decision_the_page_enables(db, make_window, english):
    lead = _lead(db, "2026-02-10 10:00")
    page = _page(make_window, db, lead)
    assert _enabled(page) == {"assign", "extend", "refer"}
    set_setting(db, "station_agency", _bureau(db))  # a station with its own agency issues the 不予立案审批表
    page.refresh(select=lead)
    overdue = _overdue(page.detail.toPlainText())
    assert _enabled(page) == {"assign", "extend", "not_file", "refer"}
    assert "Assign…" in overdue and "Not file…" in overdue and "Refer…" in overdue and "Extend T1…" in overdue
    assert "File a case" not in overdue


def test_a_lead_being_filed_past_t1_is_decided_with_its_case(db, make_window, english):
    lead = _lead(db, "2026-02-10 10:00")
    assign_lead(db, lead, _bureau(db), on="2026-02-11")
    file_case_from_lead(db, lead)  # 立案中: opened, awaiting filing
    page = _page(make_window, db, lead)
    overdue = _overdue(page.detail.toPlainText())
    assert overdue.startswith("Overdue by ") and "Open case" in overdue
    assert "Extend" not in overdue and "Refer" not in overdue and "Not file" not in overdue
    assert not _enabled(page) & {"extend", "refer", "not_file", "file", "assign"}


def test_a_rest_day_after_the_end_is_named_not_called_today(db, english):
    lead = get_lead_row(db, _lead(db, "2026-02-10 10:00"))
    text = overdue_t1_line(db, lead, "2026-03-06", on="2026-03-07")  # a Friday, then a Saturday
    assert "2026-03-07 is a rest day after it" in text and "today" not in text


@pytest.mark.parametrize("today", ["2027-01-20", "2027-06-01"])  # shortly after its end; so long after it is certain
def test_an_overdue_lead_counted_without_holiday_data_is_cautioned_once(db, make_window, english, monkeypatch, today):
    program_day(monkeypatch, today)
    lead = _lead(db, "2026-12-20 10:00")  # T1 ends in January 2027, a year without holiday data
    pane = _page(make_window, db, lead).detail.toPlainText()
    overdue = _overdue(pane)
    assert "Decide whether to file by" not in pane  # not "decide by" a day gone, and its caution not said twice
    assert pane.count("State Council") == overdue.count("State Council") == 1
    assert pane.count("calendar unconfirmed") <= 1


def test_the_pane_and_tooltip_in_chinese(db, make_window, chinese):
    lead = _lead(db, "2026-02-10 10:00")
    page = _page(make_window, db, lead)
    pane = page.detail.toPlainText()
    model = page.model
    cell = model.index([r["id"] for r in model.records].index(lead),
                       [name for name, _value in model.columns].index("Decide by"))
    late = _("Overdue by {over}: whether to file was to be decided by {due} (T1).").format(
        over=ngettext("{n} working day", "{n} working days", 187).format(n=187), due="2026-03-09")
    assert late in pane and "2026-03-09" in late and "187" in late
    assign = _("Assign it now ({assign}) to the bureau or office to verify it, or decide it now ({decide}): the "
               "assignment or the decision is recorded as made after the period ended.").format(
        assign=plain_label(_("&Assign…")) + "…", decide=plain_label(_("&Refer…")) + "…")
    assert assign in pane
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == _(
        "{due}: overdue, whether to file was not decided by this day (T1).").format(due="2026-03-09")
