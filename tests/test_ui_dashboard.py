"""The 统计 page as HQ uses it: the charts and figures drawn from the statistics, redrawn when the period or
agency changes; the evaluation table by bureau and its CSV; the publicity log edited through its dialog (bad
input refused at the field); and the campaign report printed through the task runner, its period frozen."""

import csv

import pytest

from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from ui.dashboard import DashboardPage
from ui.layouts import plain_label
from ui.publicity_dialog import PublicityDialog
from ui.report_dialog import CampaignReportDialog
from ui.task_runner import ImmediateRunner
from workstation.i18n import _
from workstation.reports.campaign import list_periods
from workstation.stats import bureau_table, campaign_stats, monthly_in_period
from workstation.store import agency_id_for_code, list_agencies, list_publicity
from workstation.vocabulary import label, labels, shown_label

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
    """What a bar chart draws: its category axis (a long label drawn on two lines read as one) against the
    values of its one bar set."""
    return page.overview.charts[name].shown()


def table_pairs(table) -> list[tuple[str, str]]:
    return [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]


def assert_shows(page, stats: dict, months: list[dict]) -> None:
    cases = stats["cases"]
    assert bars(page, "sector") == [(label("sectors", k), float(v)) for k, v in cases["by_sector"].items()]
    # the districts in the report's order (by their code), not largest first; the whole city's every district,
    # those without a case with 0, as the report's table 2
    order = [a.district for a in list_agencies(page.db) if a.level == "district"]
    shown = (dict.fromkeys(order, 0) if page.period()[2] is None else {}) | cases["by_district"]
    assert bars(page, "district") == sorted(((k, float(v)) for k, v in shown.items()),
                                            key=lambda pair: order.index(pair[0]))
    assert [v for _month, v in bars(page, "month")] == [float(m["cases"]) for m in months]
    pie = page.overview.charts["status"].chart().series()[0]
    # in the order of the procedure, not of size
    order = list(labels("statuses"))
    assert [(s.label(), s.value()) for s in pie.slices()] == [
        (f"{label('statuses', k)} {v}", float(v)) for k, v in sorted(cases["by_status"].items(),
                                                                     key=lambda item: order.index(item[0]))]
    assert table_pairs(page.overview.violations) == [
        (label("violations", k), f"{v:,}") for k, v in cases["by_violation"].items()]
    assert figure(page, "cases") == f"{cases['total']:,}"
    assert figure(page, "records") == f"{stats['infringing_records']:,}"
    assert figure(page, "publicity") == str(stats["publicity"]["campaigns"])


def test_the_figures_and_charts_show_the_campaign_statistics(page, demo_db):
    stats = campaign_stats(demo_db)
    assert_shows(page, stats, monthly_in_period(demo_db))
    assert sum(v for _k, v in bars(page, "sector")) == 36
    assert figure(page, "penalties") == "18.90万元"  # as the report writes it
    assert figure(page, "interviews") == "7"
    assert "36" in headline(page) and "50" in headline(page)
    assert page.overview.charts["sector"].chart().animationOptions() == \
        page.overview.charts["sector"].chart().AnimationOption.NoAnimation


def test_the_city_bureau_s_own_cases_have_their_bar_named_as_the_report_names_them(demo_db, officers, make_window):
    from tests.test_report_figures import add_city_case

    add_city_case(demo_db, officers)
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    assert bars(page, "district")[-1] == (_("City bureau (own)"), 1.0)
    assert sum(v for _k, v in bars(page, "district")) == float(campaign_stats(demo_db)["cases"]["total"]) == 37


def test_choosing_an_agency_and_a_period_redraws_everything(page, demo_db, qtbot):
    nanhai = agency_id_for_code(NANHAI)
    page.agency.setCurrentIndex(page.agency.findData(nanhai))
    stats = campaign_stats(demo_db, nanhai)
    assert stats["cases"]["total"] == 9
    qtbot.waitUntil(lambda: figure(page, "cases") == "9")
    assert_shows(page, stats, monthly_in_period(demo_db, nanhai))
    assert bars(page, "district") == [("南海区", 9.0)]

    page.agency.setCurrentIndex(0)
    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    page.whole.setChecked(False)
    stats = campaign_stats(demo_db, None, "2026-03-01", "2026-06-30")
    qtbot.waitUntil(lambda: figure(page, "cases") == str(stats["cases"]["total"]))
    assert page.period() == ("2026-03-01", "2026-06-30", None)
    assert [m for m, _v in bars(page, "month")] == [_("month {n}").format(n=n) for n in (3, 4, 5, 6)]
    assert_shows(page, stats, monthly_in_period(demo_db, None, "2026-03-01", "2026-06-30"))
    assert page.publicity.model.rowCount() == len(list_publicity(demo_db, "2026-03-01", "2026-06-30"))
    assert "2026-03-01" in page.overview.period_label.text()


def test_the_whole_city_s_chart_by_district_lists_every_district_with_its_zeros(page, demo_db, qtbot):
    with demo_db.atomic():  # one case in the period, of 南海
        demo_db.execute("UPDATE cases SET filed_on = '2026-11-30' WHERE id = (SELECT id FROM cases WHERE district = "
                        "'南海区' AND procedure_kind IS NOT 'simple' ORDER BY case_number LIMIT 1)")
    page.date_from.setDate(QDate(2026, 11, 30))
    page.date_to.setDate(QDate(2026, 11, 30))
    page.whole.setChecked(False)
    qtbot.waitUntil(lambda: figure(page, "cases") == "1")
    assert bars(page, "district") == [("禅城区", 0.0), ("南海区", 1.0), ("顺德区", 0.0), ("三水区", 0.0),
                                      ("高明区", 0.0)]
    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(NANHAI)))  # a district: its own bar only
    qtbot.waitUntil(lambda: page.period()[2] is not None and bars(page, "district") == [("南海区", 1.0)])


def test_the_evaluation_tab_lists_the_bureau_table_and_exports_it(page, demo_db, prompts, qtmodeltester, tmp_path):
    model = page.bureaus.model
    qtmodeltester.check(model)
    rows = bureau_table(demo_db)
    assert model.rowCount() == len(rows)
    assert [model.data(model.index(r, 0)) for r in range(len(rows))] == [row["short_name"] for row in rows]
    assert [model.data(model.index(r, 1)) for r in range(len(rows))] == [f"{row['cases']:,}" for row in rows]
    last = len(rows) - 1
    assert rows[-1]["kind"] == "total" and model.data(model.index(last, 1)) == "36"
    assert model.data(model.index(last, 5)) == "189,000.00"
    assert model.data(model.index(last, 0), Qt.ItemDataRole.FontRole).bold()
    agency_row = next(i for i, row in enumerate(rows) if row["kind"] == "agency")
    assert model.data(model.index(agency_row, 0), Qt.ItemDataRole.FontRole) is None

    target = tmp_path / "考评.csv"
    prompts.files.append(str(target))
    page.bureaus.export_button.click()
    assert prompts.errors == [] and str(target) in prompts.infos[-1]
    with target.open(encoding="utf-8-sig", newline="") as fh:
        written = list(csv.reader(fh))
    assert len(written) == len(rows) + 4  # its title, period and a blank line before the table's head
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
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))  # none set, none signed in
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
    assert len(prompts.offered) == 2  # save, discard or cancel: cancelled each time
    prompts.choices.append(1)  # 放弃修改
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

    prompts.texts = [None]  # the reason asked: cancelled
    publicity.buttons["delete_publicity"].click()
    assert item.title in prompts.questions[-1] and len(list_publicity(demo_db)) == 50
    prompts.texts = ["误录"]
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

    shown_again = []

    def close_when_shown_again():  # the dialog comes back with the choices made, for the officer to try again
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, CampaignReportDialog) and dialog.isVisible():
            shown_again.append(dialog.freeze_label.text())
            dialog.done(0)
        else:
            QTimer.singleShot(10, close_when_shown_again)

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.choose_path()
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("不应冻结")
        QTimer.singleShot(0, close_when_shown_again)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    page.print_report()
    assert len(prompts.errors) == 1 and prompts.infos == [] and shown_again == ["不应冻结"]
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
    qtbot.waitUntil(lambda: window.stats_page.counting_note.isHidden(), timeout=30000)  # the page's own count done
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


# ---- the walk-through's defects

CITY = "440600"


def click_header(qtbot, view, column: int) -> None:
    """Click the header of ``column`` as an officer would (the view must be shown)."""
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def sort_ascending_by(qtbot, view, column: int) -> None:
    click_header(qtbot, view, column)
    if view.horizontalHeader().sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        click_header(qtbot, view, column)
    assert view.horizontalHeader().sortIndicatorSection() == column
    assert view.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def column_texts(model, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_city_bureau_s_own_records_have_an_entry_of_their_own(page, demo_db, qtbot):
    city = agency_id_for_code(CITY)
    own = next(i for i in range(page.agency.count()) if page.agency.itemData(i) == city)
    assert own == 1 and page.agency.itemText(0) == _("All agencies")  # right after all agencies, distinct from it
    assert "佛山市市场监督管理局" in page.agency.itemText(own) and page.agency.itemData(own, Qt.ItemDataRole.ToolTipRole)
    page.agency.setCurrentIndex(own)
    qtbot.waitUntil(lambda: figure(page, "interviews") == "5")  # the city bureau's own interviews of the 7
    assert page.own_records() and figure(page, "publicity") == "6" and figure(page, "cases") == "0"
    assert page.publicity.model.rowCount() == 6
    assert set(column_texts(page.publicity.model, 1)) == {"佛山市局"}
    assert _("{agency} (own records only)").format(agency="佛山市局") in page.overview.period_label.text()
    stats = campaign_stats(demo_db, city, own=True)
    assert (stats["interviews"], stats["publicity"]["campaigns"], stats["cases"]["total"]) == (5, 6, 0)
    assert campaign_stats(demo_db, city) == campaign_stats(demo_db)  # `stats --agency 440600`: every record still

    page.agency.setCurrentIndex(0)
    qtbot.waitUntil(lambda: figure(page, "interviews") == "7")
    assert not page.own_records() and page.publicity.model.rowCount() == 50


def test_the_city_bureau_s_own_records_are_exported_and_reported_as_such(page, demo_db, prompts, tmp_path):
    from workstation.store.report_periods import get_report_period

    page.agency.setCurrentIndex(page.agency.findData(agency_id_for_code(CITY)))
    page.refresh()
    target = tmp_path / "本级.csv"
    page.export_statistics(str(target))
    with target.open(encoding="utf-8-sig", newline="") as fh:
        written = {(row[0], row[2]): row[3] for row in csv.reader(fh) if row[:1] == ["概况"]}
    assert written[("概况", "案件总数（件）")] == "0"

    prompts.files.append(str(tmp_path / "通报"))

    def fill_and_print():
        dialog = QApplication.activeModalWidget()
        dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
        dialog.choose_path()
        dialog.freeze.setChecked(True)
        dialog.freeze_label.setText("市局本级")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill_and_print)
    page.print_report()
    assert prompts.errors == [] and (tmp_path / "通报.xlsx").exists()
    data = get_report_period(demo_db, "市局本级").snapshot
    assert data["period"]["own"] and data["stats"]["interviews"] == 5
    assert [r["short_name"] for r in data["bureau_table"]] == ["佛山市局"]
    assert data["addressee"] == "市局各有关科室：" and "佛山市市场监督管理局深入开展" in data["opening"]


def test_a_period_that_ends_before_it_begins_is_refused_under_the_dates_and_not_counted(page, demo_db, qtbot):
    page.date_from.setDate(QDate(2026, 6, 30))
    page.date_to.setDate(QDate(2026, 3, 1))
    assert page.period_error.isHidden()  # the whole campaign is counted: the dates do not apply
    shown = page.overview.period_label.text()
    assert figure(page, "cases") == "36"
    assert campaign_stats(demo_db, None, "2026-03-01", "2026-06-30")["cases"]["total"] != 36

    page.whole.setChecked(False)
    assert not page.period_error.isHidden()  # said at once, before the recount is due
    assert "2026-03-01" in page.period_error.text() and "2026-06-30" in page.period_error.text()
    page.refresh()  # the recount due after the pause
    assert figure(page, "cases") == "36" and page.overview.period_label.text() == shown  # nothing was counted
    assert not page.tabs.isEnabled()
    for button in (page.report_button, page.export_button):
        assert not button.isEnabled() and button.toolTip() == page.period_error.text()

    page.date_from.setDate(QDate(2026, 3, 1))
    page.date_to.setDate(QDate(2026, 6, 30))
    assert page.period_error.isHidden() and page.report_button.isEnabled() and page.tabs.isEnabled()
    qtbot.waitUntil(lambda: figure(page, "cases") == "17")
    assert page.period() == ("2026-03-01", "2026-06-30", None)
    assert "通报" in page.report_button.toolTip()


def test_the_frozen_period_choice_says_why_it_is_greyed_out(demo_db, prompts, qtbot, english):
    from workstation.reports.campaign import freeze_period

    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "整个专项行动")
    qtbot.addWidget(dialog)
    assert not dialog.frozen.isEnabled() and not dialog.frozen_list.isEnabled()
    reason = dialog.frozen.toolTip()
    assert reason and dialog.frozen_list.toolTip() == reason
    assert plain_label(dialog.freeze.text()) in reason  # it points to the box that freezes one
    assert dialog.frozen_list.count() == 0 and dialog.frozen_list.placeholderText()

    freeze_period(demo_db, "2026年第一季度", "2026-01-01", "2026-03-31")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "整个专项行动")
    qtbot.addWidget(dialog)
    assert dialog.frozen.isEnabled() and dialog.frozen.toolTip() == ""


def test_the_publicity_log_sorts_by_a_clicked_header_counts_as_numbers(page, qtbot, qtmodeltester):
    from ui.record_model import SORT_ROLE

    page.window().show()
    page.tabs.setCurrentWidget(page.publicity)
    view, model = page.publicity.view, page.publicity.model
    view.selectRow(3)
    chosen = page.publicity.selected()
    flyers = 4
    sort_ascending_by(qtbot, view, flyers)
    texts = column_texts(model, flyers)
    numbers = [int(t.replace(",", "")) for t in texts]
    assert numbers == sorted(numbers) and texts != sorted(texts)  # 200 before 1,000, which text would not do
    assert [model.index(r, flyers).data(SORT_ROLE) for r in range(model.rowCount())] == numbers
    assert page.publicity.selected() is chosen  # the selection follows its activity
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert {model.index(0, c).data(Qt.ItemDataRole.TextAlignmentRole) for c in (4, 5, 6)} == {right}
    assert model.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) is None

    click_header(qtbot, view, flyers)  # again: the largest first
    numbers = [int(t.replace(",", "")) for t in column_texts(model, flyers)]
    assert numbers == sorted(numbers, reverse=True)
    page.publicity.refresh()  # a reload keeps the order chosen
    assert [int(t.replace(",", "")) for t in column_texts(model, flyers)] == numbers

    sort_ascending_by(qtbot, view, 0)
    dates = column_texts(model, 0)
    assert dates == sorted(dates) and dates[0] < dates[-1]
    qtmodeltester.check(model)


def test_cases_not_filed_are_left_out_of_the_cases_figure_and_shown_in_the_pie_by_status(demo_db, make_window, english):
    from tests.test_stats_recount import _unfiled_cases

    _unfiled_cases(demo_db, demo_db.execute("SELECT id FROM cases ORDER BY case_number LIMIT 1").fetchone()[0])
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    page = window.stats_page
    assert figure(page, "cases") == "36" and sum(v for _k, v in bars(page, "sector")) == 36
    pie = {s.label(): s.value() for s in page.overview.charts["status"].chart().series()[0].slices()}
    assert (pie[f"{shown_label('statuses', 'pending_filing')} 1"], pie[f"{shown_label('statuses', 'not_filed')} 2"]) == (1, 2)
    assert sum(pie.values()) == 39  # the one closed after 不予立案 under 不予立案, not among the closed (s65)
    assert page.findChild(QLabel, "figure_cases").toolTip() == (
        "Cases filed (立案) in the period, whatever their status since: transferred to the police, closed and archived "
        "ones included. Not counted: 3 awaiting the filing decision or not filed; the chart \"Cases by status\" shows "
        "them under their status.")
