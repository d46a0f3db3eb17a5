"""A restore while background counts run: their results (even those already on their way to the window) are
dropped before the database closes, and the window counts again on the restored data."""

from tests.test_stats_background import HeldRunner


def test_a_count_ending_after_the_database_closed_for_a_restore_is_dropped_and_counted_again(demo_db, make_window,
                                                                                              english):
    class Runner(HeldRunner):
        def wait(self) -> None:  # the work held here ends after the database closed (as a queued result would)
            pass

    runner = Runner()
    window = make_window(demo_db, runner=runner)
    board = window.board
    board.started = True
    board.refresh()
    assert "Counting the deadlines" in [w[0] for w in runner.waiting]
    assert window.release_database()
    while runner.waiting:  # the counts end only now, the database closed: what they end with must not reach it
        runner.finish()
    window.reopen_database()
    assert board.stale  # counted again when shown (the board is not shown in this test)
    board.refresh()
    titles = [w[0] for w in runner.waiting]
    assert titles == ["Counting the deadlines"]
    runner.finish()
    assert board.deadlines and "Overdue" in board.summary.text()
