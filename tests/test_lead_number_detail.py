"""A lead registered by hand shows the number complained of in its pane, masked as the list shows it, beside the
reporter's number: the pane showed the reporter's number and the description only, so the number the lead is about
was seen in the list's column alone."""

from __future__ import annotations

import pytest

from tests.test_leadnumber_register import hand_lead, station_db  # noqa: F401 (fixture)


@pytest.mark.gui
def test_the_pane_of_a_hand_lead_shows_its_number_masked(station_db, make_window, english):  # noqa: F811
    row = hand_lead(station_db, "13800001111 0757-86281234")
    page = make_window(station_db).leads_page
    page.select(row["id"])
    shown = page.detail.toPlainText()
    assert "Number reported: 138****1111 0757****1234" in shown
    assert "13800001111" not in shown


@pytest.mark.gui
def test_a_hand_lead_without_a_number_shows_no_such_line(station_db, make_window, english):  # noqa: F811
    row = hand_lead(station_db, "", description="来访举报：某店铺泄露会员信息", party="某店铺")
    page = make_window(station_db).leads_page
    page.select(row["id"])
    assert "Number reported" not in page.detail.toPlainText()
