"""The 统计 page counts on Beijing's day, not the machine clock's (its default period ends on ``records.today``), and
its headline figures show the publicity's participants."""

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel

from ui.dashboard import DashboardPage
from ui.task_runner import ImmediateRunner
from workstation.records import Publicity
from workstation.store import agency_id_for_code, save_publicity

#: a day the machine clock never reads while the tests run: Beijing's day as the page must take it
BEIJING_DAY = "2031-06-15"


def figure(page, key: str) -> str:
    return page.findChild(QLabel, f"figure_{key}").text()


@pytest.fixture
def beijing_day(monkeypatch):
    monkeypatch.setattr("ui.dashboard.today", lambda: BEIJING_DAY)
    monkeypatch.setattr("workstation.stats.today", lambda: BEIJING_DAY)


def activity(held_on: str, participants: int) -> Publicity:
    return Publicity(agency_id=agency_id_for_code("440605"), held_on=held_on, title=f"进社区宣传{held_on}",
                     kind="community", flyers=100, participants=participants)


def test_the_default_period_runs_from_new_year_to_beijing_s_today(db, data_dir, prompts, qtbot, beijing_day):
    page = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    assert page.date_to.date() == QDate(2031, 6, 15) and page.date_from.date() == QDate(2031, 1, 1)
    page.whole.setChecked(False)
    assert page.period()[:2] == ("2031-01-01", "2031-06-15")


def test_the_headline_shows_the_participants_of_the_period(db, data_dir, prompts, qtbot, beijing_day):
    save_publicity(db, activity("2026-03-01", 85))
    save_publicity(db, activity("2026-04-15", 40))
    page = DashboardPage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    assert figure(page, "participants") == "125" and figure(page, "publicity") == "2"
    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2026, 4, 1))
    page.date_to.setDate(QDate(2026, 4, 30))
    page.refresh()
    assert figure(page, "participants") == "40" and figure(page, "publicity") == "1"
