"""The publicity log tab as an officer uses it: a deletion undone (button or Ctrl+Z) brings the activity back as
it was, the Delete key asks first, and the log as listed — its sort order and totals — is exported to CSV."""

import csv

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

from ui.publicity_dialog import PublicityDialog
from ui.publicity_page import PublicityTab
from workstation.records import Publicity
from workstation.store import agency_id_for_code, list_publicity, save_publicity

NANHAI = "440605"


@pytest.fixture
def tab(db, prompts, qtbot):
    agency = agency_id_for_code(NANHAI)
    for day, title, flyers in (("2026-04-01", "进社区宣传", 300), ("2026-04-08", "进校园宣讲", 1200),
                               ("2026-03-20", "短信提醒", 0)):
        save_publicity(db, Publicity(agency_id=agency, held_on=day, title=title, kind="community", flyers=flyers,
                                     sms=5000 if title == "短信提醒" else 0, participants=40))
    widget = PublicityTab(db, prompts)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_deleted_activity_comes_back_as_it_was_with_undo(tab, db, prompts, qtbot):
    tab.view.selectRow(0)
    item = tab.selected()
    assert not tab.buttons["undo_delete"].isEnabled()
    prompts.texts = ["误录"] * 5  # the reason each deletion asks
    with qtbot.waitSignal(tab.publicity_changed):
        tab.buttons["delete_publicity"].click()
    assert item.id not in {p.id for p in list_publicity(db)} and tab.buttons["undo_delete"].isEnabled()
    with qtbot.waitSignal(tab.publicity_changed):
        tab.buttons["undo_delete"].click()
    # back as a new record (a new id: tests/test_s45_publicity_page.py), with the fields it had
    restored = next(p for p in list_publicity(db) if p.title == item.title)
    assert (restored.title, restored.held_on, restored.flyers, restored.sms) == (item.title, item.held_on,
                                                                               item.flyers, item.sms)
    assert tab.model.rowCount() == 3 and tab.selected_id() == restored.id
    assert not tab.buttons["undo_delete"].isEnabled()


def test_the_delete_key_asks_and_ctrl_z_undoes(tab, db, prompts):
    tab.view.setFocus()
    tab.view.selectRow(1)
    item = tab.selected()
    prompts.texts = ["误录"] * 5  # the reason each deletion asks
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    assert item.title in prompts.questions[-1] and len(list_publicity(db)) == 2
    QTest.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert item.title in {p.title for p in list_publicity(db)} and len(list_publicity(db)) == 3


def test_the_log_is_exported_as_listed_with_its_totals(tab, prompts, tmp_path):
    tab.view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # by flyers, the most first
    target = tmp_path / "宣传.csv"
    prompts.files = [str(target)]
    tab.buttons["export_publicity"].click()
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["日期", "单位", "活动名称"]
    assert [r[2] for r in rows[1:4]] == ["进校园宣讲", "进社区宣传", "短信提醒"]
    assert rows[1][4] == "1200" and rows[4][0] == "合计" and rows[4][2] == "3场"
    assert rows[4][4:] == ["1500", "5000", "120"]
    assert str(target) in prompts.infos[-1] and not prompts.errors


def test_an_export_cancelled_or_into_a_missing_folder_writes_nothing(tab, prompts, tmp_path):
    tab.buttons["export_publicity"].click()  # the file dialog cancelled
    assert not prompts.infos and not prompts.errors
    target = tmp_path / "no such folder" / "宣传.csv"
    prompts.files = [str(target)]
    tab.buttons["export_publicity"].click()
    assert not target.exists() and "no such folder" in prompts.errors[-1] and not prompts.infos


def officer_types(monkeypatch, **typed):
    """The dialog as an officer fills it in (``typed`` by field) and saves it."""

    def exec_(dialog):
        if dialog.agency.currentIndex() < 0:  # a station with no agency set, nobody signed in: the officer chooses
            dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))
        for field, text in typed.items():
            dialog.texts[field].setText(text)
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(PublicityDialog, "exec", exec_)


def test_an_activity_saved_outside_the_period_shown_is_said_to_be_saved(tab, db, prompts, monkeypatch):
    tab.set_period("2026-04-01", "2026-04-30", None)
    officer_types(monkeypatch, held_on="2026-04-20", title="四月宣讲")
    tab.buttons["new_publicity"].click()
    assert tab.selected().title == "四月宣讲" and not prompts.infos  # listed and chosen: nothing to say
    officer_types(monkeypatch, held_on="2026-05-02", title="五月宣讲")
    tab.buttons["new_publicity"].click()
    assert "五月宣讲" in {p.title for p in list_publicity(db)} and tab.model.rowCount() == 3
    assert "五月宣讲" in prompts.infos[-1] and "2026-05-02" in prompts.infos[-1]
    tab.view.selectRow(0)
    officer_types(monkeypatch, held_on="2026-03-01")  # an edit moving it out of the period
    tab.buttons["edit_publicity"].click()
    assert tab.model.rowCount() == 2 and "2026-03-01" in prompts.infos[-1] and len(prompts.infos) == 2


def test_a_long_error_line_shows_whole_under_its_field(db, prompts, qtbot):
    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.texts["held_on"].setText("2026-02-30")  # its error takes two lines or more at the dialog's width
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    line = dialog.errors["held_on"]
    assert line.isVisible() and line.heightForWidth(line.width()) > 1.5 * line.fontMetrics().height()
    assert line.height() >= line.heightForWidth(line.width())


def test_the_same_activity_typed_again_is_asked_about_before_it_is_saved(tab, db, prompts, qtbot, english):
    dialog = PublicityDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(NANHAI)))
    dialog.kind.setCurrentIndex(dialog.kind.findData("community"))
    for field, text in (("held_on", "2026-04-01"), ("title", "进社区 宣传"), ("flyers", "50")):
        dialog.texts[field].setText(text)
    dialog.save()  # the question closed: nothing saved, the dialog kept with what was typed
    question, *options = prompts.offered[-1]
    assert options == ["Save anyway", "Cancel"]
    assert "“进社区宣传”" in question and "2026-04-01" in question and "already in the publicity log" in question
    assert len(list_publicity(db)) == 3 and dialog.result() != QDialog.DialogCode.Accepted
    prompts.choices = [1]  # 取消
    dialog.save()
    assert len(list_publicity(db)) == 3 and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.texts["title"].text() == "进社区 宣传"
    prompts.choices = [0]  # 仍然保存
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted and len(list_publicity(db)) == 4
    assert dialog.saved_publicity.flyers == 50 and not prompts.errors


def test_an_activity_corrected_without_becoming_another_s_twin_is_not_asked_about(tab, db, prompts, monkeypatch):
    tab.view.selectRow(0)
    officer_types(monkeypatch, flyers="999")  # its own date, kind and title kept
    tab.buttons["edit_publicity"].click()
    assert not prompts.offered and 999 in {p.flyers for p in list_publicity(db)}
    officer_types(monkeypatch, title="进社区宣传", held_on="2026-04-01")  # the 进校园 one made the 进社区 one's twin
    tab.view.selectRow(0)
    tab.buttons["edit_publicity"].click()
    assert len(prompts.offered) == 1 and "进社区宣传" in prompts.offered[-1][0]
    assert sorted(p.title for p in list_publicity(db)) == ["短信提醒", "进校园宣讲", "进社区宣传"]
