"""Small faults of the window the reviews found: one overdue follow-up is said in the singular; a deadline whose
case was deleted since the board counted says so in the status bar and counts the board again; the board's hand-out
is dated the day its count started, not the day its result arrived."""

from __future__ import annotations

from workstation.store import agency_id_for_code

# ---- 5. one overdue follow-up is said in the singular ---------------------------------------------------------------

def test_one_overdue_follow_up_is_said_in_the_singular(demo_db, make_window, english):
    from tests.test_ui_interview_intfix import overdue_interview
    from workstation.store import get_agency
    from workstation.store.base import set_setting

    shunde = agency_id_for_code("440606")
    set_setting(demo_db, "station_agency", shunde)
    overdue_interview(demo_db, shunde)
    page = make_window(demo_db).interviews_page
    page.refresh()
    name = get_agency(demo_db, shunde).name
    assert page.overdue_label.text().startswith(f"{name}: 1 overdue follow-up, its row is highlighted.")
    overdue_interview(demo_db, shunde)
    page.refresh()
    assert page.overdue_label.text().startswith(f"{name}: 2 overdue follow-ups, their rows are highlighted.")


# ---- 6. a deadline whose case was deleted since the board counted --------------------------------------------------

def test_a_deadline_whose_case_was_deleted_says_so_and_the_board_counts_again(db, make_case, make_window, english):
    case = make_case(lead_received_on="2026-03-02")
    window = make_window(db)
    window.show()
    board = window.board
    board.refresh()
    deadline = next(d for d in board.deadlines if d.case_id == case.id)
    db.execute("DELETE FROM cases WHERE id = ?", [case.id])  # gone since the count (a restore, another program)
    board._open(deadline)
    assert "no longer exists" in window.statusBar().currentMessage()
    assert case.id not in window.workspaces and window.case_tabs.currentWidget() is board
    assert not [d for d in board.deadlines if d.case_id == case.id]  # counted again


# ---- 7. the hand-out is dated the day the count started ------------------------------------------------------------

class HeldRunner:
    """A runner that holds each background task until ``finish`` runs it (a count that runs past midnight)."""

    def __init__(self):
        self.held = []

    def start(self, _title, work, on_done, _on_error, _progress):
        from workstation.progress import CancelToken

        token = CancelToken()
        self.held.append((work, on_done, token))
        return token

    def finish(self):
        work, on_done, token = self.held.pop(0)
        on_done(work(progress=None, cancel=token))


def test_the_hand_out_is_dated_the_day_the_count_started(qtbot, db, data_dir, make_case, monkeypatch):
    from ui import deadlines
    from ui.deadlines import DeadlineBoard
    from workstation import clocks
    from workstation.paths import database_path

    case = make_case(lead_received_on="2026-06-20")
    runner = HeldRunner()
    board = DeadlineBoard(db, runner=runner, database=database_path(data_dir))
    qtbot.addWidget(board)
    monkeypatch.setattr(deadlines, "_today", lambda: "2026-06-30")
    board.refresh()
    monkeypatch.setattr(deadlines, "_today", lambda: "2026-07-01")  # midnight passed while counting
    runner.finish()
    assert board.counted_on == "2026-06-30"
    assert board._file_name(".pdf").endswith("_2026-06-30.pdf")
    # and the count is as of that day, as the title says
    counted = {(d.clock, d.days_left) for d in board.deadlines if d.case_id == case.id}
    assert counted == {(d.clock, d.days_left) for d in clocks.board(db, on="2026-06-30") if d.case_id == case.id}
    assert counted != {(d.clock, d.days_left) for d in clocks.board(db, on="2026-07-01") if d.case_id == case.id}
