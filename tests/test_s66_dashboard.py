"""The dashboard's audit (s66): the deadline board and the 统计 page follow a change made by another program (the
command line) through the window's one look at the database's change mark — a page hidden meanwhile counted again
only once shown, nothing counted again while nothing changed, nor after the window's own change; the 统计 count with
a progress bar and a Cancel that leaves the figures shown; the 统计 default period following the day."""

import pytest

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

from tests.helpers import program_day
from ui.dashboard import DashboardPage
from ui.task_runner import ImmediateRunner
from workstation.progress import CancelToken

pytestmark = pytest.mark.gui

ONE_CASE = ("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,"
            "没收违法所得（元）\n"
            "佛南市监立〔2026〕901号,佛山市南海区测试地产有限公司,91440605MA4111111D,南海区,房地产租售,未经同意发送商业性信息,"
            "未经同意发送商业性信息,2026-12-01,立案调查,10,0,0\n")
BOARD, STATS = "Counting the deadlines", "Counting the statistics"


class TitlesRunner(ImmediateRunner):
    """The immediate runner, noting the title of each work started."""

    def __init__(self):
        super().__init__()
        self.titles: list[str] = []

    def start(self, title, work, on_done, on_error, progress):
        self.titles.append(title)
        return super().start(title, work, on_done, on_error, progress)

    def counts(self) -> list[str]:
        return [t for t in self.titles if t in (BOARD, STATS)]


def cases_figure(page) -> str:
    return page.findChild(QLabel, "figure_cases").text()


def _window(demo_db, make_window, qtbot, monkeypatch):
    program_day(monkeypatch, "2026-12-07")
    runner = TitlesRunner()
    window = make_window(demo_db, runner=runner)
    with qtbot.waitSignal(window.first_painted):  # the board started by it, as at launch
        window.show()
    qtbot.waitUntil(lambda: window.board.started and not window.board.stale)
    window.navigation.setCurrentRow(4)  # the 统计 page built and counted, then left
    window.navigation.setCurrentRow(0)
    return window, runner


def _register(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text(ONE_CASE, encoding="utf-8")
    return path


def test_a_change_from_the_command_line_reaches_the_board_and_the_statistics_once_seen(
        demo_db, data_dir, make_window, qtbot, monkeypatch, tmp_path, english):
    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    stats = window.page(4)
    cases, rows = cases_figure(stats), len(window.board.deadlines)
    runner.titles.clear()
    window.change_watch.timeout.emit()  # the watch's look: nothing changed, nothing counted again
    assert runner.counts() == []

    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    window.change_watch.timeout.emit()
    # the board shown is counted again at once; the 统计 page, hidden, not yet
    assert runner.counts() == [BOARD]
    assert len(window.board.deadlines) == rows + 1 and cases_figure(stats) == cases
    window.navigation.setCurrentRow(4)
    assert runner.counts() == [BOARD, STATS]
    assert cases_figure(stats) == str(int(cases) + 1)
    window.change_watch.timeout.emit()  # seen already: not counted again
    window.navigation.setCurrentRow(0)
    assert runner.counts() == [BOARD, STATS]


def test_a_page_shown_looks_at_the_change_mark_without_waiting_for_the_watch(
        demo_db, data_dir, make_window, qtbot, monkeypatch, tmp_path, english):
    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    cases = cases_figure(window.page(4))
    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    runner.titles.clear()
    window.navigation.setCurrentRow(4)  # the officer back from the command line opens 统计
    qtbot.waitUntil(lambda: runner.counts() == [STATS])  # (after the filter's delay: ``mark_stale``)
    assert cases_figure(window.page(4)) == str(int(cases) + 1)
    window.navigation.setCurrentRow(0)  # and the board, hidden meanwhile, when shown
    assert runner.counts() == [STATS, BOARD]


def test_the_windows_own_change_is_not_counted_again_by_the_watch(demo_db, make_window, qtbot, monkeypatch,
                                                                   tmp_path, english):
    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    rows = len(window.board.deadlines)
    window.prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window.import_register(str(_register(tmp_path)))  # written by the task's own connection
    assert len(window.board.deadlines) == rows + 1
    runner.titles.clear()
    window.change_watch.timeout.emit()
    window.navigation.setCurrentRow(4)
    assert runner.counts() == [STATS]  # marked stale by the import itself, counted once shown
    window.navigation.setCurrentRow(0)
    window.change_watch.timeout.emit()
    assert runner.counts() == [STATS]


# 2. the 统计 count's progress and Cancel ------------------------------------------------------------------------

class HeldRunner:
    """A busy runner: each work waits until ``finish`` runs it, its progress told to the page as it comes."""

    def __init__(self):
        self.waiting: list[tuple] = []

    def start(self, title, work, on_done, on_error, progress):
        cancel = CancelToken()
        self.waiting.append((work, on_done, on_error, progress, cancel))
        return cancel

    def cancel_all(self) -> None:
        """The workstation quits (``TaskRunner.cancel_all``): the work held here stays held, for the test to look at."""

    def finish(self, heard=lambda done, total, message: None) -> None:
        work, on_done, on_error, progress, cancel = self.waiting.pop(0)

        def report(done, total, message):
            progress(done, total, message)
            heard(done, total, message)

        try:
            result = work(progress=report, cancel=cancel)
        except Exception as exc:  # noqa: BLE001 - handed over as the runner does
            on_error(exc)
        else:
            on_done(result)


def test_the_count_shows_its_progress_and_a_cancel_that_leaves_the_figures_shown(demo_db, data_dir, prompts,
                                                                                 qtbot, english):
    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    bar = page.findChild(QProgressBar, "stats_progress")
    button = page.findChild(QPushButton, "stats_count_button")
    assert not bar.isHidden() and not button.isHidden() and button.text() == "St&op counting"
    assert (bar.minimum(), bar.maximum()) == (0, 0)  # busy until the count says how far it is
    seen = []
    runner.finish(lambda done, total, message: seen.append(
        ((done, total, message), (bar.value(), bar.maximum(), page.counting_note.text()))))
    assert len(seen) > 1  # the core's reports (``tasks.dashboard_task``), each shown as it comes
    for (done, total, message), (value, maximum, note) in seen:
        assert (value, maximum) == (min(done, total), total) and message in note
    assert bar.isHidden() and button.isHidden() and page.counting_note.isHidden()
    whole = cases_figure(page)

    page.whole.setChecked(False)
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.refresh()
    # 取消 pressed while it counts (at its first report; the button greyed out until the count has stopped)
    runner.finish(lambda done, total, message: button.click() if button.isEnabled() else None)
    assert cases_figure(page) == whole and prompts.errors == []  # the figures shown before stay
    assert bar.isHidden() and not button.isHidden() and button.text() == "C&ount again"
    assert page.counting_note.text() == "Counting the statistics was cancelled: the figures below may be out of date."
    button.click()
    runner.finish()
    assert cases_figure(page) != whole and button.isHidden() and page.counting_note.isHidden()


# 4. the default period follows the day ------------------------------------------------------------------------

def dates(page) -> tuple[str, str]:
    return page.date_from.date().toString("yyyy-MM-dd"), page.date_to.date().toString("yyyy-MM-dd")


def test_the_default_period_follows_the_day_and_a_period_chosen_stays(demo_db, data_dir, prompts, qtbot,
                                                                      monkeypatch):
    program_day(monkeypatch, "2026-12-07")
    runner = TitlesRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    page.show()
    page.whole.setChecked(False)
    assert dates(page) == ("2026-01-01", "2026-12-07")
    page.day_watch.timeout.emit()  # the same day: nothing moves
    assert dates(page) == ("2026-01-01", "2026-12-07")
    program_day(monkeypatch, "2026-12-08")
    page.day_watch.timeout.emit()
    assert dates(page) == ("2026-01-01", "2026-12-08")
    qtbot.waitUntil(lambda: not page.filter_timer.isActive())
    assert page.period()[:2] == ("2026-01-01", "2026-12-08")
    program_day(monkeypatch, "2027-01-02")  # January: the whole year before (the year-end 通报)
    page.day_watch.timeout.emit()
    assert dates(page) == ("2026-01-01", "2026-12-31")
    page.date_to.setDate(QDate(2026, 6, 30))  # the officer's own period stays
    program_day(monkeypatch, "2027-02-01")
    page.day_watch.timeout.emit()
    assert dates(page) == ("2026-01-01", "2026-06-30")


def test_a_page_hidden_overnight_shows_the_new_days_period(demo_db, data_dir, prompts, qtbot, monkeypatch):
    program_day(monkeypatch, "2026-12-31")
    page = DashboardPage(demo_db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    assert page.whole.isChecked() and dates(page) == ("2026-01-01", "2026-12-31")
    program_day(monkeypatch, "2027-02-03")
    page.show()  # ticked 整个专项行动: the dates shown move all the same, for when it is unticked
    assert dates(page) == ("2027-01-01", "2027-02-03")


# 5. the final read's mends --------------------------------------------------------------------------------------

READ_INTERVIEWS = "Reading the interviews"


def _outside_lead(data_dir, text="另一程序登记的线索"):
    """A lead saved by another program (a connection of its own), as the command line would."""
    from workstation.case_records import Lead
    from workstation.db.connection import connect
    from workstation.paths import database_path
    from workstation.store.leads import save_lead

    other = connect(database_path(data_dir))
    try:
        save_lead(other, Lead(source="12345", received_at="2026-12-06T09:00:00+08:00", description=text))
    finally:
        other.close()


def test_a_stale_page_shown_after_an_outside_change_counts_once(demo_db, data_dir, make_window, qtbot, monkeypatch,
                                                                 tmp_path, english):
    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    window.data_changed.emit()  # the 统计 page stale already (the window's own change)
    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    runner.titles.clear()
    window.navigation.setCurrentRow(4)  # counted once as it is shown, not once more for the change seen then
    qtbot.wait(50)
    assert runner.counts() == [STATS]
    window.board.mark_stale()  # the board, hidden, stale too
    _outside_lead(data_dir)
    window.navigation.setCurrentRow(0)
    qtbot.wait(50)
    assert runner.counts() == [STATS, BOARD]


def test_the_board_tab_shown_again_looks_for_an_outside_change(demo_db, data_dir, make_window, qtbot, monkeypatch,
                                                               tmp_path, english):
    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    rows = len(window.board.deadlines)
    window.case_tabs.setCurrentIndex(1)  # the case list
    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    runner.titles.clear()
    window.case_tabs.setCurrentIndex(0)
    assert runner.counts() == [BOARD] and len(window.board.deadlines) == rows + 1
    window.board.mark_stale()
    window.case_tabs.setCurrentIndex(1)
    window.board.mark_stale()  # stale, and another change: counted once when its tab is shown
    _outside_lead(data_dir)
    runner.titles.clear()
    window.case_tabs.setCurrentIndex(0)
    assert runner.counts() == [BOARD]


def test_the_window_activated_looks_for_an_outside_change(demo_db, data_dir, make_window, qtbot, monkeypatch,
                                                          tmp_path, english):
    from PySide6.QtCore import QEvent

    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    runner.titles.clear()
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)
    window.changeEvent(QEvent(QEvent.Type.ActivationChange))  # the officer back from the command line
    assert runner.counts() == [BOARD]


def test_the_change_watch_stops_with_the_window(demo_db, make_window, qtbot, monkeypatch):
    window, _runner = _window(demo_db, make_window, qtbot, monkeypatch)
    assert window.change_watch.isActive()
    window.shutdown()
    assert not window.change_watch.isActive()


def test_a_settled_conflict_does_not_hide_an_outside_change_from_the_board(demo_db, data_dir, make_window, qtbot,
                                                                           monkeypatch, tmp_path, english):
    from workstation.cli import main

    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    rows = len(window.board.deadlines)
    window.navigation.setCurrentRow(5)
    assert main(["--data-dir", str(data_dir), "cases", "import", str(_register(tmp_path))]) == 0
    window.page(5).conflicts_changed.emit()  # the window's own change told before the watch looked
    window.change_watch.timeout.emit()
    window.navigation.setCurrentRow(0)
    assert len(window.board.deadlines) == rows + 1


def test_a_cancelled_count_stays_cancelled_until_asked_or_the_records_change(demo_db, data_dir, prompts, qtbot,
                                                                             english):
    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    page.show()
    runner.finish()
    button = page.findChild(QPushButton, "stats_count_button")
    page.refresh()
    runner.finish(lambda done, total, message: button.click() if button.isEnabled() else None)
    assert button.text() == "C&ount again"
    page.hide()
    page.show()  # a mere visit: the Cancel stands
    assert runner.waiting == [] and button.text() == "C&ount again"
    page.hide()
    page.mark_stale()  # the records changed meanwhile: counted when shown
    page.show()
    assert len(runner.waiting) == 1
    runner.finish()
    assert button.isHidden()


def test_the_cancel_of_a_count_dropped_for_an_old_filter_starts_nothing(demo_db, data_dir, prompts, qtbot, english):
    runner = HeldRunner()
    page = DashboardPage(demo_db, data_dir, prompts, runner)
    qtbot.addWidget(page)
    page.show()
    button = page.findChild(QPushButton, "stats_count_button")
    page.whole.setChecked(False)  # the filter changed while the count runs: its figures dropped
    runner.finish()
    assert button.isHidden() and page.findChild(QProgressBar, "stats_progress").isHidden()
    button.click()  # (a click on its way in)
    assert runner.waiting == []


def test_a_new_day_moves_the_dates_without_a_recount_of_the_whole_campaign(demo_db, data_dir, prompts, qtbot,
                                                                           monkeypatch):
    program_day(monkeypatch, "2026-12-07")
    page = DashboardPage(demo_db, data_dir, prompts, TitlesRunner())
    qtbot.addWidget(page)
    page.show()
    assert page.whole.isChecked()
    program_day(monkeypatch, "2026-12-08")
    page.day_watch.timeout.emit()
    assert dates(page) == ("2026-01-01", "2026-12-08") and not page.filter_timer.isActive()


def test_a_number_without_a_document_opens_its_case_when_the_officer_asks(demo_db, make_window, prompts, english):
    from types import SimpleNamespace

    from workstation.store.cases import list_cases

    window = make_window(demo_db)
    case = list_cases(demo_db)[0]
    number = SimpleNamespace(kind="number", number="佛南市监罚〔2026〕9号", state_label="Taken", note="",
                             subject=case.case_number, case_id=case.id, lead_id=None, interview_id=None)
    prompts.confirm_answer = False
    window.open_document(number)
    assert case.id not in window.workspaces and prompts.infos == []
    prompts.confirm_answer = True
    window.open_document(number)
    assert window.case_tabs.currentWidget() is window.workspaces[case.id]


def test_the_leads_and_interviews_pages_follow_an_outside_change(demo_db, data_dir, make_window, qtbot, monkeypatch,
                                                                 english):
    window, runner = _window(demo_db, make_window, qtbot, monkeypatch)
    window.navigation.setCurrentRow(2)  # the interviews page built, then left for the leads page
    window.navigation.setCurrentRow(1)
    leads = window.page(1)
    shown = leads.model.rowCount()
    _outside_lead(data_dir)
    runner.titles.clear()
    window.change_watch.timeout.emit()
    assert leads.model.rowCount() == shown + 1  # shown: read again at once
    assert leads.search_stale and READ_INTERVIEWS not in runner.titles  # hidden: not yet
    window.navigation.setCurrentRow(2)
    assert runner.titles.count(READ_INTERVIEWS) == 1
    window.data_changed.emit()  # the window's own change: the interviews page reads its own itself
    window.navigation.setCurrentRow(1)
    window.navigation.setCurrentRow(2)
    assert runner.titles.count(READ_INTERVIEWS) == 1


def test_the_leads_page_waits_for_the_dialog_over_it(demo_db, data_dir, make_window, qtbot, monkeypatch, english):
    from PySide6.QtWidgets import QApplication, QDialog

    window, _runner = _window(demo_db, make_window, qtbot, monkeypatch)
    window.navigation.setCurrentRow(1)
    leads = window.page(1)
    shown = leads.model.rowCount()
    _outside_lead(data_dir)
    monkeypatch.setattr(QApplication, "activeModalWidget", staticmethod(lambda: QDialog()))  # a lead being edited
    window.change_watch.timeout.emit()
    assert leads.model.rowCount() == shown
    monkeypatch.undo()
    program_day(monkeypatch, "2026-12-07")
    window.navigation.setCurrentRow(0)
    window.navigation.setCurrentRow(1)  # when next shown
    assert leads.model.rowCount() == shown + 1
