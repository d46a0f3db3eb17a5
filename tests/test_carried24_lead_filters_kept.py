"""The 线索 page's filters (status, district, sector, channel) are kept with the window's geometry in ui.ini, as the
case list's columns are: the next session lists the leads filtered as the officer left them. The search is not
kept (ui.ini holds no phone or ID number), and a value no lead has any more leaves its filter at all."""

from __future__ import annotations

import pytest

from tests.test_leadsfixb import lead


@pytest.fixture
def three(db):
    return {"landline": lead(db, day="2026-11-03", phones="075785836433", business="佛山市甲科技有限公司",
                             district="南海区", sector="real_estate", count=9),
            "mobile": lead(db, day="2026-11-02", phones="13800138000", district="顺德区", source="consumer_council",
                           count=123),
            "shop": lead(db, day="2026-11-01", business="乙商行", district="南海区", count=10)}


def listed(page) -> set[str]:
    return {record["id"] for record in page.model.records}


def choose(page, name: str, value: str) -> None:
    combo = page.lead_filters[name]
    combo.setCurrentIndex(combo.findData(value))


def test_the_filters_chosen_come_back_in_the_next_session(db, three, make_window, data_dir, english):
    window = make_window(db)
    page = window.leads_page
    choose(page, "district", "南海区")
    choose(page, "source", "12345")
    assert listed(page) == {three["landline"], three["shop"]}
    page.lead_search.setText("13800138000")  # a number searched: not kept
    page.apply_lead_filters()
    assert listed(page) == set()
    window.close()
    assert "13800138000" not in (data_dir / "ui.ini").read_text(encoding="utf-8")

    later = make_window(db).leads_page  # the next session
    assert later.lead_filters["district"].currentData() == "南海区"
    assert later.lead_filters["source"].currentData() == "12345"
    assert later.lead_filters["status"].currentData() is None and later.lead_filters["sector"].currentData() is None
    assert later.lead_search.text() == ""
    assert listed(later) == {three["landline"], three["shop"]}
    assert later.leads_shown.text() == "2 of 3 leads shown"


def test_filters_cleared_are_cleared_next_time_too(db, three, make_window):
    window = make_window(db)
    choose(window.leads_page, "district", "顺德区")
    window.close()
    window = make_window(db)
    assert listed(window.leads_page) == {three["mobile"]}
    window.leads_page.clear_lead_filters()
    window.close()
    assert listed(make_window(db).leads_page) == set(three.values())


def test_a_value_no_lead_has_any_more_leaves_its_filter_at_all(db, three, make_window):
    window = make_window(db)
    choose(window.leads_page, "district", "顺德区")
    window.close()
    db.execute("UPDATE leads SET district = '南海区' WHERE id = ?", [three["mobile"]])
    page = make_window(db).leads_page
    assert page.lead_filters["district"].currentData() is None and listed(page) == set(three.values())


@pytest.mark.parametrize("state", [None, "", "not json", "[1, 2]", '{"district": 3}'])
def test_a_state_not_written_by_the_page_filters_nothing(db, three, make_window, state):
    page = make_window(db).leads_page
    page.restore_filters(state)
    assert listed(page) == set(three.values())
