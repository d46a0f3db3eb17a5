"""The 统计 page as HQ uses it: the charts and figures drawn from the statistics, redrawn when the period or
agency changes; the evaluation table by bureau and its CSV; the publicity log edited through its dialog (bad
input refused at the field); and the campaign report printed through the task runner, its period frozen."""

import csv

import pytest

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from ui.dashboard import DashboardPage
from ui.publicity_dialog import PublicityDialog
from ui.report_dialog import CampaignReportDialog
from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.reports.campaign import list_periods
from workstation.stats import bureau_table, campaign_stats, monthly
from workstation.store import agency_id_for_code, list_publicity
from workstation.vocabulary import label

NANHAI = "440605"


@pytest.fixture
def page(demo_db, make_window):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    return window.stats_page


def figure(page, key: str) -> str:
    return page.findChild(QLabel, f"figure_{key}").text()


def headline(page) -> str:
    return page.findChild(QLabel, "stats_headline").text()


def bars(page, name: str) -> list[tuple[str, float]]:
    """What a bar chart draws: its category axis against the values of its one bar set."""
    chart = page.overview.charts[name].chart()
    values = chart.series()[0].barSets()[0]
    axis = chart.axes(Qt.Orientation.Horizontal)[0]
    return [(axis.at(i), values.at(i)) for i in range(values.count())]


def table_pairs(table) -> list[tuple[str, str]]:
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def assert_shows(page, stats: dict, months: list[dict]) -> None:
    cases = stats["cases"]
    assert bars(page, "sector") == [(label("sectors", k), float(v)) for k, v in cases["by_sector"].items()]
    assert bars(page, "district") == [(k, float(v)) for k, v in cases["by_district"].items()]
    assert [v for _month, v in bars(page, "month")] == [float(m["cases"]) for m in months]
    pie = page.overview.charts["status"].chart().series()[0]
    assert [(s.label(), s.value()) for s in pie.slices()] == [
        (f"{label('statuses', k)} {v}", float(v)) for k, v in cases["by_status"].items()]
    assert table_pairs(page.overview.violations) == [
        (label("violations", k), f"{v:,}") for k, v in cases["by_violation"].items()]
    assert figure(page, "cases") == f"{cases['total']:,}"
    assert figure(page, "records") == f"{stats['infringing_records']:,}"
    assert figure(page, "publicity") == str(stats["publicity"]["campaigns"])


def test_the_figures_and_charts_show_the_campaign_statistics(page, demo_db):
    stats = campaign_stats(demo_db)
    assert_shows(page, stats, monthly(demo_db))
    assert sum(v for _k, v in bars(page, "sector")) == 36
    assert figure(page, "penalties") == "18.90万元"
    assert figure(page, "interviews") == "7"
    assert "36" in headline(page) and "50" in headline(page)
    assert page.overview.charts["sector"].chart().animationOptions() == \
        page.overview.charts["sector"].chart().AnimationOption.NoAnimation


def test_choosing_an_agency_and_a_period_redraws_everything(page, demo_db, qtbot):
    nanhai = agency_id_for_code(NANHAI)
    page.agency.setCurrentIndex(page.agency.findData(nanhai))
    stats = campaign_stats(demo_db, nanhai)
    assert stats["cases"]["total"] == 9
    qtbot.waitUntil(lambda: figure(page, "cases") == "9")
    assert_shows(page, stats, monthly(demo_db, nanhai))
    assert bars(page, "district") == [("南海区", 9.0)]

    page.agency.setCurrentIndex(0)
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.whole.setChecked(False)
    stats = campaign_stats(demo_db, None, "2026-03-01", "2026-06-30")
    qtbot.waitUntil(lambda: figure(page, "cases") == str(stats["cases"]["total"]))
    assert page.period() == ("2026-03-01", "2026-06-30", None)
    assert [m for m, _v in bars(page, "month")] == [_("month {n}").format(n=n) for n in (3, 4, 5, 6)]
    assert_shows(page, stats, monthly(demo_db, None, "2026-03-01", "2026-06-30"))
    assert page.publicity.model.rowCount() == len(list_publicity(demo_db, "2026-03-01", "2026-06-30"))
    assert "2026-03-01" in page.overview.period_label.text()


def test_the_evaluation_tab_lists_the_bureau_table_and_exports_it(page, demo_db, prompts, qtmodeltester, tmp_path):
    model = page.bureaus.model
    qtmodeltester.check(model)
    rows = bureau_table(demo_db)
    assert model.rowCount() == len(rows)
    assert [model.data(model.index(r, 0)) for r in range(len(rows))] == [row["name"] for row in rows]
    assert [model.data(model.index(r, 1)) for r in range(len(rows))] == [f"{row['cases']:,}" for row in rows]
    last = len(rows) - 1
    assert rows[-1]["kind"] == "total" and model.data(model.index(last, 1)) == "36"
    assert model.data(model.index(last, 5)) == "¥189,000.00"
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    agency_row = next(i for i, row in enumerate(rows) if row["kind"] == "agency")
    assert model.data(model.index(agency_row, 0), Qt.ItemDataRole.FontRole) is None

    target = tmp_path / "考评.csv"
    prompts.files.append(str(target))
    page.bureaus.export_button.click()
    assert prompts.errors == [] and str(target) in prompts.infos[-1]
    with target.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert len(written) == len(rows) + 1
    assert written[-1][:2] == [rows[-1]["name"], "36"] and written[-1][5] == "189000.00"


def test_an_activity_added_through_the_dialog_shows_in_the_log_and_the_figures(page, demo_db, qtbot):
    page.tabs.setCurrentWidget(page.publicity)
    assert page.publicity.model.rowCount() == 50

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PublicityDialog)
        dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))
        dialog.texts["held_on"].setText("2026-05-20")
        dialog.texts["title"].setText("个人信息保护进企业宣讲")
        dialog.kind.setCurrentIndex(dialog.kind.findData("enterprise"))
        dialog.texts["flyers"].setText("1,500")
        dialog.texts["participants"].setText("120")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, fill_and_save)
    page.publicity.buttons["new_publicity"].click()
    added = next(p for p in list_publicity(demo_db) if p.title == "个人信息保护进企业宣讲")
    assert (added.held_on, added.kind, added.flyers, added.participants) == ("2026-05-20", "enterprise", 1500, 120)
    model = page.publicity.model
    assert model.rowCount() == 51 and page.publicity.selected_id() == added.id
    row = page.publicity.view.currentIndex().row()
    assert [model.data(model.index(row, c)) for c in range(7)] == [
        "2026-05-20", "南海区局", "个人信息保护进企业宣讲", "进企业", "1,500", "0", "120"]
    assert "51" in page.publicity.totals.text() and "43,300" in page.publicity.totals.text()
    assert figure(page, "publicity") == "51"
    assert "51" in headline(page)


def test_a_bad_date_or_count_is_shown_at_its_field_and_nothing_is_saved(demo_db, prompts, qtbot, table_counts):
    before = table_counts(demo_db, ("publicity", "audit"))
    dialog = PublicityDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    dialog.texts["title"].setText("短信提醒")
    assert dialog.validate() == {}
    dialog.texts["held_on"].setText("2026-02-30")
    dialog.texts["sms"].setText("五千")
    errors = dialog.validate()
    assert set(errors) == {"held_on", "sms"}
    assert not dialog.errors["held_on"].isHidden() and "2026-02-30" in dialog.errors["held_on"].text()
    assert not dialog.errors["sms"].isHidden() and dialog.errors["title"].isHidden()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert dialog.saved_publicity is None and dialog.result() == 0
    assert table_counts(demo_db, ("publicity", "audit")) == before


def test_escape_on_an_edited_activity_asks_before_dropping_the_changes(demo_db, prompts, qtbot):
    item = list_publicity(demo_db)[0]
    dialog = PublicityDialog(demo_db, prompts, item)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []  # untouched: it just closes
    for edited in (item, None):  # correcting an activity, and typing a new one
        dialog = PublicityDialog(demo_db, prompts, edited)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.texts["participants"].setText("1,234")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and dialog.texts["participants"].text() == "1,234"
    assert len(prompts.confirmations) == 2
    prompts.confirm_answer = True
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible() and list_publicity(demo_db)[0] == item


def test_an_activity_is_edited_and_deleted_only_after_confirmation(page, demo_db, prompts, qtbot):
    publicity = page.publicity
    publicity.view.selectRow(0)
    item = publicity.selected()

    def change_flyers():
        dialog = QApplication.activeModalWidget()
        assert dialog.texts["title"].text() == item.title
        dialog.texts["flyers"].setText("9999")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    QTimer.singleShot(0, change_flyers)
    publicity.buttons["edit_publicity"].click()
    assert next(p for p in list_publicity(demo_db) if p.id == item.id).flyers == 9999
    assert publicity.selected_id() == item.id

    prompts.confirm_answer = False
    publicity.buttons["delete_publicity"].click()
    assert item.title in prompts.confirmations[-1] and len(list_publicity(demo_db)) == 50
    prompts.confirm_answer = True
    publicity.buttons["delete_publicity"].click()
    assert item.id not in {p.id for p in list_publicity(demo_db)}
    assert publicity.model.rowCount() == 49 and figure(page, "publicity") == "49"
    assert not publicity.buttons["delete_publicity"].isEnabled()


def test_the_report_is_printed_through_the_runner_and_its_period_frozen(demo_db, make_window, prompts, qtbot,
                                                                        tmp_path):
    runner = ImmediateRunner()
    window = make_window(demo_db, runner=runner)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    target = tmp_path / "通报"  # the extension of the chosen format is added
    prompts.files.append(str(target))

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, CampaignReportDialog)
        assert not dialog.frozen.isEnabled()  # nothing frozen yet
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
        dialog.findChild(type(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)), "choose_report_path").click()
        dialog.freeze.setChecked(True)
        assert not dialog.errors["freeze_label"].isHidden()
        dialog.freeze_label.setText("2026年第一季度")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    page.report_button.click()
    pdf = tmp_path / "通报.pdf"
    assert prompts.errors == []
    assert pdf.read_bytes().startswith(b"%PDF")
    assert str(pdf) in prompts.infos[-1]
    assert runner.progress_reports and runner.progress_reports[-1][0] == runner.progress_reports[-1][1]
    assert [p["label"] for p in list_periods(demo_db)] == ["2026年第一季度"]

    dialog = CampaignReportDialog(demo_db, prompts, page.period(), page.period_text())
    qtbot.addWidget(dialog)
    assert dialog.frozen.isEnabled() and dialog.frozen_list.currentData() == "2026年第一季度"
    dialog.path.setText(str(tmp_path / "again.pdf"))
    dialog.freeze.setChecked(True)
    dialog.freeze_label.setText("2026年第一季度")  # already frozen: refused at the field
    assert "2026年第一季度" in dialog.errors["freeze_label"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.frozen.setChecked(True)
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    assert dialog.request() == {"out_path": str(tmp_path / "again.xlsx"), "fmt": "xlsx",
                                "period_label": "2026年第一季度"}


def test_a_report_that_cannot_be_written_is_reported_and_nothing_is_frozen(page, demo_db, prompts, tmp_path):
    prompts.files.append(str(tmp_path / "missing" / "通报.pdf"))

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.choose_path()
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("不应冻结")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    page.print_report()
    assert len(prompts.errors) == 1 and prompts.infos == []
    assert list_periods(demo_db) == []


def test_the_statistics_page_recounts_when_records_change_elsewhere(make_window, db, qtbot):
    window = make_window(db)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    assert isinstance(page, DashboardPage) and window.stack.currentWidget() is page
    assert figure(page, "cases") == "0"
    window.load_demo()
    assert figure(page, "cases") == "36"


def test_the_report_is_written_on_a_worker_thread_with_a_connection_of_its_own(demo_db, make_window, prompts,
                                                                                qtbot, tmp_path):
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = make_window(demo_db, runner=runner)
    window.navigation.setCurrentRow(4)
    target = tmp_path / "通报.xlsx"
    prompts.files.append(str(target))

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
        dialog.choose_path()
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    with qtbot.waitSignal(runner.task_finished, timeout=30000):
        window.stats_page.print_report()
    assert runner.wait(30000)
    assert prompts.errors == [] and str(target) in prompts.infos[-1]
    assert target.read_bytes().startswith(b"PK")  # an xlsx is a zip package
