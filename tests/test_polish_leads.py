"""Leftovers on the leads page: closing the window cancels its background work instead of waiting for it."""

from tests.test_stats_background import HeldRunner


def test_closing_the_window_cancels_the_leads_pages_count_and_reading_instead_of_waiting(demo_db, make_window,
                                                                                          english):
    class Runner(HeldRunner):
        def wait(self) -> None:  # what the window waits for before the database closes: nothing may be left running
            self.left_running = [title for title, *_rest, cancel in self.waiting if not cancel.cancelled]

    runner = Runner()
    window = make_window(demo_db, runner=runner)
    page = window.page(1)
    page.search.setText("电话")
    page.run_search()
    page.without_lead.refresh()
    started = [w[0] for w in runner.waiting]
    assert "Counting the complaints found" in started
    assert "Reading the related complaints in no lead" in started
    window.shutdown()
    assert runner.left_running == []
    assert page.without_lead.stale  # read again when next shown


def test_the_leads_detail_takes_t24s_period_from_the_rule(db, make_window, monkeypatch, english):
    from dataclasses import replace

    from tests.test_t24_reporter import a_lead
    from workstation import clocks
    from workstation.leads_workflow import decide_lead

    lead = a_lead(db)
    decide_lead(db, lead, "not_file", on="2026-09-30", reason="未发现违法行为")
    page = make_window(db).leads_page
    page.select(lead)
    assert "Tell the reporter of the decision by 2026-10-13 (T24, 5 working days)." in page.detail.toPlainText()
    shipped = clocks.rule
    changed = replace(shipped("T24"), period=7, unit="cd")  # clocks.toml edited: the text follows it
    monkeypatch.setattr(clocks, "rule", lambda clock_id: changed if clock_id == "T24" else shipped(clock_id))
    page.refresh()
    page.select(lead)
    assert "(T24, 7 days)." in page.detail.toPlainText()
