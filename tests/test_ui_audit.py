"""Walking through the case and lead screens as an officer does: what a dialog says when Save is disabled, that
Esc does not drop typed changes unasked, Enter where it is expected, exports of two channels dropped in together,
assigning a lead from a list, and the complaint search (every match reachable, every word highlighted)."""

import re
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui.case_dialog import CaseDialog
from ui.party_dialog import PartyDialog
from workstation.store import get_case

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import make_complaints  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def exports(tmp_path):
    make_complaints.write_hotline_xlsx(tmp_path / "12345工单.xlsx", 300, seed=7)
    make_complaints.write_council_csv(tmp_path / "消委会投诉.csv", 200, seed=7, encoding="gb18030")
    return [str(tmp_path / "12345工单.xlsx"), str(tmp_path / "消委会投诉.csv")]


def shown_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


# --- the case and party dialogs -------------------------------------------------------------------------------


def test_case_dialog_says_why_save_is_disabled_for_a_date_it_does_not_show(qtbot, db, prompts, make_case):
    case = make_case(status="under_review", act_on="2026-09-28", lead_received_on="2026-10-01", filed_on="2026-10-05",
                     review_on="2026-10-20")
    dialog = shown_dialog(qtbot, CaseDialog(db, prompts, get_case(db, case.id)))
    assert not dialog.other_errors.isVisible()
    # before the date of the act (法律适用与裁量), which this dialog has no field for
    dialog.dates["lead_received_on"].setText("2026-09-25")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert dialog.other_errors.isVisible()
    assert "违法行为发生日期" in dialog.other_errors.text() and "2026-09-25" in dialog.other_errors.text()
    dialog.dates["lead_received_on"].setText("2026-09-29")
    assert not dialog.other_errors.isVisible()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_escape_on_an_edited_case_asks_before_dropping_the_changes(qtbot, db, prompts, make_case):
    case = make_case()
    dialog = shown_dialog(qtbot, CaseDialog(db, prompts, get_case(db, case.id)))
    dialog.cause.setText("涉嫌改过的案由")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(prompts.offered) == 1 and dialog.isVisible()  # the officer said Cancel: the edit stays
    assert dialog.cause.text() == "涉嫌改过的案由"
    prompts.choices.append(1)  # 放弃修改
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not dialog.isVisible()
    assert get_case(db, case.id).cause == case.cause


@pytest.mark.parametrize("existing", [True, False])
def test_escape_on_an_untouched_case_closes_without_asking(qtbot, db, prompts, make_case, existing):
    dialog = shown_dialog(qtbot, CaseDialog(db, prompts, get_case(db, make_case().id) if existing else None))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and prompts.confirmations == []


def test_escape_on_an_edited_party_asks_before_dropping_the_changes(qtbot, db, prompts):
    dialog = shown_dialog(qtbot, PartyDialog(db, prompts))
    dialog.edits["name"].setText("佛山市某某科技有限公司")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert len(prompts.offered) == 1 and dialog.isVisible()  # save, discard or cancel: cancelled
    prompts.choices.append(1)  # 放弃修改
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_in_the_party_search_adds_the_party_instead_of_saving_the_case(qtbot, db, prompts, make_case):
    from workstation.records import Party
    from workstation.store import save_party

    other = save_party(db, Party(name="佛山市第二测试有限公司"))
    case = make_case()
    dialog = shown_dialog(qtbot, CaseDialog(db, prompts, get_case(db, case.id)))
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # Enter could save it
    dialog.party_search.setFocus()
    dialog.party_search.setText("第二测试")
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved_case is None
    assert dialog.party_ids() == [*case.party_ids, other.id]
    assert get_case(db, case.id).party_ids == case.party_ids


# --- the rules editor -----------------------------------------------------------------------------------------


def test_closing_the_rules_editor_asks_before_dropping_edited_rules(qtbot, db, data_dir, prompts):
    from ui.rules_editor import RulesEditor

    editor = shown_dialog(qtbot, RulesEditor(db, data_dir, prompts))
    editor.text.setPlainText(editor.text.toPlainText() + "\n# 新增的说明\n")
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    assert len(prompts.offered) == 1 and editor.isVisible()  # save, discard or cancel: cancelled
    assert editor.text.toPlainText().endswith("# 新增的说明\n")
    prompts.choices.append(1)  # 放弃修改
    editor.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert not editor.isVisible() and not (data_dir / "screening" / "rules.toml").exists()


# --- leads ----------------------------------------------------------------------------------------------------


def test_a_hotline_xlsx_and_a_council_csv_dropped_in_together_both_import(qtbot, db, make_window, prompts, exports):
    from ui.complaint_import import ComplaintImportDialog

    page = make_window(db).leads_page
    dialog = shown_dialog(qtbot, ComplaintImportDialog(db, prompts, page))
    for path in exports:
        dialog.add_file(path)
    assert dialog.profile() == "12345"  # the channel and columns shown are those of the first file
    page.run_import(dialog.paths, dialog.profile(), dialog.mapping())
    assert prompts.errors == []
    assert "不在表头" not in prompts.infos[0]
    sources = dict(db.execute("SELECT source, COUNT(*) FROM complaints GROUP BY source").fetchall())
    assert set(sources) == {"12345", "consumer_council"} and sources["consumer_council"] > 150


def test_a_cancelled_import_of_two_files_leaves_nothing_behind(db, make_window, prompts, exports):
    window = make_window(db)
    window.runner.cancel_token.cancel()
    window.leads_page.run_import(exports, "12345", None)
    assert prompts.infos and not prompts.errors  # the officer's Cancel is said, not shown as an error
    assert db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0] == 0


def test_exports_that_cannot_be_read_are_an_error_not_a_success(db, make_window, prompts, tmp_path):
    broken = tmp_path / "工单.xlsx"
    broken.write_bytes(b"not a workbook" * 20)
    make_window(db).leads_page.run_import([str(broken)])
    assert prompts.infos == [] and prompts.errors and "工单.xlsx" in prompts.errors[0]


def test_a_lead_is_assigned_from_a_list_of_the_bureaus_and_offices(db, make_window, prompts, exports):
    from workstation.i18n import _
    from workstation.leads_workflow import get_lead_row
    from workstation.store import list_agencies

    page = make_window(db).leads_page
    page.run_import(exports)
    page.view.selectRow(0)
    lead = page.selected()["id"]

    def forty_buttons(*args):
        pytest.fail("a message box with one button for each of some forty bureaus and offices")

    prompts.choose = forty_buttons
    names = [a.name for a in list_agencies(db) if a.level != "city"]
    prompts.choices = [names.index("佛山市南海区市场监督管理局桂城市场监督管理所")]
    page.assign()
    # a station with no agency of its own preselects none: a placeholder after the agencies, assigning nothing
    assert prompts.offered[-1][1:] == [*names, _("(choose the bureau or office)")]
    row = get_lead_row(db, lead)
    assert row["status"] == "assigned" and page.agencies[row["agency_id"]] in page.model.index(0, 7).data()


def test_every_complaint_the_search_counts_can_be_reached_in_the_list(db, make_window, exports, monkeypatch,
                                                                     qtmodeltester):
    from ui.leads_page import ComplaintModel

    monkeypatch.setattr(ComplaintModel, "PAGE", 10)  # as with the 200 of a page when thousands are found
    page = make_window(db).leads_page
    page.run_import(exports)
    page.search.setText("公司")
    page.run_search()
    found = db.execute("SELECT COUNT(*) FROM complaints WHERE text LIKE '%公司%'").fetchone()[0]
    assert found > 2 * ComplaintModel.PAGE and str(found) in page.search_count.text()
    model = page.complaint_model
    assert model.rowCount() == ComplaintModel.PAGE
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == found == len({hit.id for hit in model.records})
    qtmodeltester.check(model)


def test_every_word_of_the_search_is_highlighted(db, make_window, exports):
    page = make_window(db).leads_page
    page.run_import(exports)
    page.search.setText("推销 电话")
    page.run_search()
    assert page.complaint_model.rowCount() > 0
    page.complaint_view.selectRow(0)
    marked = "".join(re.findall(r"background-color:#fff3cd;\">([^<]*)<", page.snippet.toHtml()))
    assert "推销" in marked and "电话" in marked
