"""The leads page found by a GUI walk at 1024×700: re-assigning a lead (改派) asked nothing but whether to write the
notice, and reset its overdue deadline; the list showed six rows under a half-page empty pane, and the T24 header was
cut. Now a re-assignment names the current assignee, its deadline and how late it is, and asks why; the lead's
history and the page's summary keep the missed deadline; the list takes the height until a lead is selected, the
split is remembered with the window, and the list's columns up to the T24 deadline fit the window."""

from __future__ import annotations

import pytest

from workstation.leads_workflow import assignment_history, get_lead_row
from workstation.records import today
from workstation.store import agency_by_code, list_agencies

pytestmark = pytest.mark.gui


def overdue_lead_of_shunde(db) -> str:
    """The seed's lead 顺德区局 has not decided yet (assigned on 2026-11-04, T1 due 2026-11-25), overdue today."""
    return db.execute("SELECT id FROM leads WHERE status = 'assigned' AND agency_id = ? ORDER BY received_at LIMIT 1",
                      [agency_by_code(db, "440606").id]).fetchone()[0]


def choose(page, prompts, code: str) -> None:
    """Script the agency choice of ``page.assign`` to the agency of ``code``."""
    agencies = [a for a in list_agencies(page.db) if a.level != "city"]
    prompts.choices = [next(n for n, a in enumerate(agencies) if a.code == code)]


def test_re_assigning_an_overdue_lead_says_so_asks_why_and_keeps_the_missed_deadline(demo_db, make_window, prompts,
                                                                                    monkeypatch, english):
    lead = overdue_lead_of_shunde(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    due = page.selected()["due"]
    overdue_before = page.summary.text()
    written = []
    monkeypatch.setattr(page, "write", written.append)
    choose(page, prompts, "440605")
    prompts.confirm_answer, prompts.texts = True, ["经营场所位于南海区"]
    page.assign()
    # no district warning: the seed's lead has no suspected district (listed under its holder's, 顺德区), as `leads
    # assign` reads it
    question = prompts.confirmations[0]
    assert not [text for text in prompts.confirmations if "suspected district" in text]
    assert question.startswith(f"The lead is assigned to 佛山市顺德区市场监督管理局 since 2026-11-04; its verification "
                               f"period (T1) ends on {due}. It is ")
    assert "working days overdue" in question and question.endswith(
        " Re-assign it to 佛山市南海区市场监督管理局? Its new verification period counts from today.")
    assert prompts.questions == ["Why is the lead re-assigned (kept with its earlier assignment)?"]
    assert get_lead_row(demo_db, lead)["agency_id"] == agency_by_code(demo_db, "440605").id
    assert written == ["assignment_notice"]  # then the notice, as for any assignment
    [earlier] = assignment_history(demo_db, lead)
    assert earlier["late_days"] > 0 and earlier["reason"] == "经营场所位于南海区"
    assert (f"Assigned to 佛山市顺德区市场监督管理局 on 2026-11-04, re-assigned to 佛山市南海区市场监督管理局 on {today()} "
            f"(deadline {due} "
            f"missed by {earlier['late_days']} working days). Reason: 经营场所位于南海区") in page.detail.toPlainText()
    assert "1 lead was re-assigned after the deadline" in page.summary.text()
    assert "re-assigned after the deadline" not in overdue_before


@pytest.mark.parametrize("answers", [(False, ["理由"]), (True, ["  "])])
def test_a_re_assignment_declined_or_without_reason_changes_nothing(demo_db, make_window, prompts, answers):
    lead = overdue_lead_of_shunde(demo_db)
    page = make_window(demo_db).leads_page
    page.select(lead)
    before = get_lead_row(demo_db, lead)
    choose(page, prompts, "440605")
    prompts.confirm_answer, prompts.texts = answers
    page.assign()
    assert get_lead_row(demo_db, lead) == before and assignment_history(demo_db, lead) == []
    assert len(prompts.errors) == (1 if answers[0] else 0)


def test_the_list_takes_the_height_until_a_lead_is_selected_and_its_columns_fit_1024_pixels(demo_db, make_window,
                                                                                            qtbot):
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    window.go_to_page(1)
    page = window.leads_page
    qtbot.waitExposed(page)
    listed, pane = page.splitter.sizes()
    assert listed >= 4 * pane > 0  # an empty pane takes a sliver, not half the page
    header = page.view.horizontalHeader()
    tell = next(c for c in range(page.model.columnCount()) if page.model.columns[c][0] == "Tell by")
    assert header.sectionViewportPosition(tell) + header.sectionSize(tell) <= page.view.viewport().width()
    assert header.sortIndicatorSection() != tell  # its header whole (only the column sorted by has the sort arrow)
    header.setSortIndicatorShown(False)
    assert header.sectionSize(tell) >= header.sectionSizeFromContents(tell).width()
    header.setSortIndicatorShown(True)
    assert "T24" in page.model.headerData(tell, header.orientation(), 3)  # the tooltip (ToolTipRole) says it in full
    page.view.selectRow(0)
    listed, pane = page.splitter.sizes()
    assert pane * 3 >= listed  # the lead's complaints get room once there are some to read


def test_the_split_of_the_leads_page_is_remembered_with_the_window(demo_db, make_window, qtbot):
    window = make_window(demo_db)
    window.resize(1024, 700)
    window.show()
    page = window.leads_page
    window.go_to_page(1)
    qtbot.waitExposed(page)
    total = sum(page.splitter.sizes())
    page.splitter.setSizes([total - 100, 100])
    page.splitter.splitterMoved.emit(total - 100, 1)  # dragged there by the officer (the page's own split is not kept)
    window.save_geometry()
    again = make_window(demo_db)
    again.resize(1024, 700)
    again.show()
    again.go_to_page(1)
    qtbot.waitExposed(again.leads_page)
    assert again.leads_page.splitter.sizes()[1] == 100
    again.leads_page.view.selectRow(0)  # sized by the officer: selecting a lead keeps it
    assert again.leads_page.splitter.sizes()[1] == 100
