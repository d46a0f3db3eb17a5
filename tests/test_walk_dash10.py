"""A bureau chief's walk through the deadline board and the 统计 page: a lead decided on the leads page leaves the
board and counts as decided on the dashboard; an officer's deadlines hold no lead of another bureau; a lead decided
without ever being assigned is not counted as assigned (交办)."""

from PySide6.QtWidgets import QLabel

from workstation import clocks
from workstation.i18n import _
from workstation.leads_workflow import decide_lead
from workstation.records import Lead
from workstation.stats import campaign_stats
from workstation.store import save_lead


def started_board(window, qtbot):
    window.board.start()
    qtbot.waitUntil(lambda: window.board.started and not window.board.stale)
    return window.board


def summary_of(deadlines) -> str:
    """The board's count line as the officer should read it for ``deadlines``."""
    counts = dict.fromkeys(("overdue", "week", "later", "stopped"), 0)
    for d in deadlines:
        if d.state in ("overdue", "expired"):
            counts["overdue"] += 1
        elif d.state in ("stopped", "missing"):
            counts["stopped"] += 1
        else:
            counts["week" if d.days_left <= clocks.DUE_SOON_DAYS else "later"] += 1
    return _("Overdue or expired: {overdue} · due within 7 days: {week} · later: {later} · "
             "paused, suspended or not computable: {stopped}").format(**counts)


def figure(page, key: str) -> str:
    return page.findChild(QLabel, f"figure_{key}").text()


def test_a_lead_decided_on_the_leads_page_leaves_the_board_and_counts_on_the_dashboard(demo_db, make_window, prompts,
                                                                                       qtbot):
    window = make_window(demo_db)
    window.show()
    board = started_board(window, qtbot)
    window.navigation.setCurrentRow(4)
    stats_page = window.stats_page
    # the demo's bureaus decided all their leads but the three received last, still within their T1
    assert figure(stats_page, "leads_decided") == "28"
    lead_rows = [d for d in board.deadlines if d.lead_id]
    assert len(lead_rows) == 3

    window.navigation.setCurrentRow(1)
    leads = window.leads_page
    lead_id = lead_rows[0].lead_id
    leads.select(lead_id)
    assert leads.selected_id() == lead_id
    prompts.texts.append("经核查，未发现违法行为")
    prompts.confirm_answer = True  # the decision confirmed, naming the lead and the reason
    leads.not_file()
    assert prompts.errors == [] and leads.selected()["status"] == "not_filed"

    window.show_deadlines()
    assert lead_id not in {d.lead_id for d in board.deadlines}
    assert len([d for d in board.deadlines if d.lead_id]) == 2
    assert board.summary.text() == summary_of(board.deadlines)
    window.navigation.setCurrentRow(4)
    qtbot.waitUntil(lambda: figure(stats_page, "leads_decided") == "29")
    assert campaign_stats(demo_db)["leads"]["decided"] == 29


def test_an_officer_s_deadlines_are_those_of_the_officer_s_cases_without_the_leads_of_every_bureau(demo_db,
                                                                                                  make_window, qtbot):
    window = make_window(demo_db)
    board = started_board(window, qtbot)
    on_board = {d.case_id for d in board.deadlines if not d.lead_id}
    officer_id, name = demo_db.execute(
        "SELECT o.id, o.name FROM officers o JOIN case_officers c ON c.officer_id = o.id "
        f"WHERE c.case_id IN ({', '.join('?' * len(on_board))}) ORDER BY o.name LIMIT 1", sorted(on_board)).fetchone()
    theirs = {r[0] for r in demo_db.execute("SELECT case_id FROM case_officers WHERE officer_id = ?", [officer_id])}

    board.officer.setCurrentIndex(board.officer.findData(officer_id))
    assert board.officer.currentText() == name
    shown = board.deadlines
    assert shown and not any(d.lead_id for d in shown)  # the open leads of two bureaus are no one officer's
    assert {d.case_id for d in shown} == on_board & theirs
    assert board.table.model.rowCount() == len(shown)
    assert board.summary.text() == summary_of(shown)
    assert board.officer.toolTip()

    board.officer.setCurrentIndex(0)  # all officers: the leads again
    assert len([d for d in board.deadlines if d.lead_id]) == 3
    assert not any(d.lead_id for d in clocks.board(demo_db, on="2026-11-29", officer_id=officer_id))


def test_a_lead_decided_without_being_assigned_is_not_counted_as_assigned(demo_db):
    from workstation.store import agency_id_for_code
    from workstation.store.base import set_setting

    # a station of 禅城区局: its bureau issues the 不予立案审批表 of a lead decided without being assigned
    set_setting(demo_db, "station_agency", agency_id_for_code("440604"))
    lead = save_lead(demo_db, Lead(source="12345", received_at="2026-11-02T09:00:00+08:00", status="registered"))
    before = campaign_stats(demo_db)["leads"]
    assert (before["total"], before["assigned"]) == (32, 31)
    decide_lead(demo_db, lead.id, "not_file", on="2026-11-05", reason="不属于本部门职责范围")
    after = campaign_stats(demo_db)["leads"]
    assert (after["total"], after["assigned"], after["decided"]) == (32, 31, 29)
