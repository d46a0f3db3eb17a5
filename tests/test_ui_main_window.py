import pytest

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from ui.task_runner import ImmediateRunner, TaskRunner
from workstation import audit
from workstation.store import CaseFilter, count_cases, get_setting

pytestmark = pytest.mark.gui

HEADER = "案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,没收违法所得（元）\n"
GOOD = ("佛南市监立〔2026〕101号,佛山市南海区甲房产中介有限公司,91110000100017707H,南海区,房地产租售,"
        "甲公司涉嫌未经消费者同意发送商业性信息案,未经同意发送商业性信息,2026-03-02,已结案,\"1,200\",\"20,000.00\",500\n")
BAD = ("佛南市监立〔2026〕102号,佛山市南海区乙教育咨询有限公司,91350100M000100Y4Z,南海区,教育培训,"
       "乙公司涉嫌非法提供消费者个人信息案,非法提供或泄露个人信息,2026-02-30,立案调查,300,0,0\n")


@pytest.fixture
def register(tmp_path):
    def write(*rows, name="台账.csv"):
        path = tmp_path / name
        path.write_text("2026年侵害消费者个人信息案件台账\n" + HEADER + "".join(rows), encoding="utf-8-sig")
        return str(path)

    return write


def test_import_register_from_the_menu(make_window, db, register, prompts):
    prompts.files.append(register(GOOD))
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db)
    window.import_action.trigger()
    assert "1 case" in prompts.confirmations[0] or "1件" in prompts.confirmations[0]
    assert prompts.errors == []
    assert prompts.infos and "1" in prompts.infos[0]
    assert window.case_list.model.rowCount() == 1
    assert window.case_list.model.index(0, 0).data() == "佛南市监立〔2026〕101号"
    assert window.case_list.model.index(0, 8).data() == "¥20,500.00"
    assert window.runner.progress_reports


def test_bad_register_changes_nothing_and_names_row_and_field(make_window, db, register, prompts):
    window = make_window(db)
    entries = audit.verify(db)["entries"]
    window.import_register(register(GOOD, BAD))
    assert count_cases(db) == 0 and audit.verify(db)["entries"] == entries
    message = prompts.confirmations[0] + "\n" + prompts.details[0]  # the bad rows in the question's details
    assert "台账.csv" in message and "第4行" in message and "统一社会信用代码" in message and "立案日期" in message
    assert window.case_list.model.rowCount() == 0


def test_officer_may_then_import_only_the_valid_rows(make_window, db, register, prompts):
    prompts.confirm_answer = True
    window = make_window(db)
    window.import_register(register(GOOD, BAD))
    assert count_cases(db) == 1
    assert window.case_list.model.rowCount() == 1


def test_a_register_after_a_cover_sheet_is_imported_and_its_bad_rows_name_the_sheet(make_window, db, tmp_path,
                                                                                       prompts, english):
    from tests.test_register_import import COVER, register_rows, write_workbook
    from tests.test_register_import import GOOD as ROWS

    bad = [*ROWS[1][:7], "2026-02-30", *ROWS[1][8:]]
    path = write_workbook(tmp_path / "台账.xlsx", {"封面": COVER, "Sheet2": register_rows([ROWS[0], bad])})
    prompts.confirm_answer = True
    window = make_window(db)
    window.import_register(str(path))
    assert "Sheet2 row 5, 立案日期: 2026-02-30 is not a date in the calendar" in prompts.details[0]
    assert count_cases(db) == 1 and window.case_list.model.rowCount() == 1


def test_register_that_is_not_a_register_is_explained(make_window, db, tmp_path, prompts):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    window = make_window(db)
    window.import_register(str(empty))
    window.import_register(str(tmp_path))
    assert len(prompts.errors) == 2
    assert "empty.csv" in prompts.errors[0] and "0字节" in prompts.errors[0]
    assert "文件夹" in prompts.errors[1]


def test_cancelled_import_rolls_back(make_window, db, register, prompts):
    runner = ImmediateRunner()
    runner.cancel_token.cancel()
    window = make_window(db, runner=runner)
    window.import_register(register(GOOD))
    assert count_cases(db) == 0
    assert not prompts.errors and "取消" in prompts.infos[0]  # a Cancel asked for: said, not an error


def test_import_runs_on_the_thread_pool_with_progress(qtbot, make_window, db, register, prompts):
    runner = TaskRunner()
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db, runner=runner)
    window.import_register(register(GOOD))  # checked (a dry run), then imported: two tasks
    qtbot.waitUntil(lambda: bool(prompts.infos), timeout=20000)
    runner.wait()
    assert count_cases(db) == 1
    assert window.case_list.model.rowCount() == 1


def test_load_demo_from_the_menu(make_window, db):
    window = make_window(db)
    window.load_demo()
    assert window.case_list.model.rowCount() == 36
    assert "36" in window.stats_page.findChild(type(window.data_dir_label), "stats_headline").text()
    assert window.leads_page.model.rowCount() == 31
    assert window.interviews_page.model.rowCount() == 7


def test_the_exchange_page_shows_this_station_and_its_key_fingerprint(make_window, db):
    from workstation.station import this_station

    window = make_window(db)
    window.navigation.setCurrentRow(5)
    assert window.stack.currentWidget() is window.exchange_page
    station = this_station(db)  # made on the first visit, so the officer can read its fingerprint out
    assert station is not None
    assert window.exchange_page.station_fingerprint.text() == station.fingerprint
    assert window.findChildren(type(window.data_dir_label), "placeholder_text") == []


def test_documents_page_lists_forms_broken_ones_and_fonts(make_window, db, monkeypatch, tmp_path):
    import shutil

    from workstation import paths

    forms = tmp_path / "forms"
    shutil.copytree(paths.FORMS, forms)
    (forms / "broken_form.toml").write_text('id = "broken_form"\ntitle = "坏的"\ncolour = 1\n', encoding="utf-8")
    monkeypatch.setattr("workstation.formkit.spec.FORMS", forms)
    monkeypatch.setattr("workstation.formkit.spec.load_forms.__defaults__", (forms,))
    window = make_window(db)
    window.navigation.setCurrentRow(3)
    page = window.page(3)
    states = {page.forms_model.records[i]["id"]: page.forms_model.records[i]["state"]
              for i in range(page.forms_model.rowCount())}
    assert states["penalty_decision"] == "可用"
    assert "broken_form.toml" in states and "colour" in states["broken_form.toml"]
    styles = [page.fonts_model.index(i, 0).data() for i in range(page.fonts_model.rowCount())]
    assert styles == ["宋体", "仿宋", "黑体", "楷体", "小标宋"]  # the title style (90566fb)


def test_status_bar_shows_the_data_directory(make_window, db, data_dir):
    assert str(data_dir) in make_window(db).data_dir_label.text()


def test_window_geometry_is_remembered(qtbot, make_window, db):
    first = make_window(db)
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.width(), 456)
    first.close()
    second = make_window(db)
    assert second.height() == 456  # the offscreen screen clamps the width; the height shows the restore


@pytest.mark.parametrize("page", [4, 1])
def test_find_shortcut_focuses_the_search_of_the_page(qtbot, make_window, demo_db, page):
    """Ctrl+F: on the leads page the search of the tab showing (its lead worklist first), the case list's search
    elsewhere."""
    window = make_window(demo_db)
    window.show()
    qtbot.waitExposed(window)
    window.navigation.setCurrentRow(page)
    window.activateWindow()
    window.findChild(type(window.import_action), "find").trigger()
    if page == 1:
        assert window.stack.currentIndex() == 1 and window.leads_page.tabs.currentIndex() == 0
        search = window.leads_page.lead_search
    else:
        assert window.stack.currentIndex() == 0
        search = window.case_list.search
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search, timeout=2000)


def test_qt_standard_buttons_are_in_chinese(qapp):
    from ui.app import install_qt_translations

    translator = install_qt_translations(qapp)
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Save).text() == "保存"
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    finally:
        qapp.removeTranslator(translator)


def test_gui_explains_a_damaged_database_instead_of_starting(data_dir, monkeypatch):
    from ui import app

    (data_dir / "workstation.db").write_text("这不是数据库")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.main(["--data-dir", str(data_dir)]) == 1
    assert shown and "workstation.db" in shown[0] and "SQLite" in shown[0]
    assert (data_dir / "workstation.db").read_text() == "这不是数据库"


def test_main_py_starts_the_window_on_a_new_data_directory(data_dir):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, WORKSTATION_EXIT_AFTER_PAINT="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "main.py", "--gui", "--data-dir", str(data_dir)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    from workstation.db import open_database

    db = open_database(data_dir / "workstation.db")
    assert db.execute("SELECT COUNT(*) FROM agencies").fetchone()[0] == 38
    assert get_setting(db, "station_agency") is None
    assert count_cases(db, CaseFilter()) == 0
    assert (data_dir / "ui.ini").is_file()
    db.conn.close()


def test_an_error_escaping_an_action_is_shown_not_lost(data_dir, monkeypatch):
    import sqlite3
    import sys

    from ui.app import install_error_dialog

    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_error_dialog(data_dir, show=shown.append)
    for exc in (sqlite3.OperationalError("database or disk is full"), KeyError("bug")):
        sys.excepthook(type(exc), exc, None)
    assert "磁盘已满" in shown[0] and "workstation.db" in shown[0]
    assert "内部错误" in shown[1] and "logs" in shown[1]


def test_cancel_in_the_progress_dialog_stops_background_work(qtbot, make_window, db):
    import threading

    from PySide6.QtWidgets import QProgressDialog, QPushButton

    runner = TaskRunner()
    window = make_window(db, runner=runner)
    started, outcome = threading.Event(), []

    def work(progress, cancel):
        started.set()
        progress(1, 10, "working")
        while True:
            cancel.check()  # raises Cancelled once the officer presses Cancel
            threading.Event().wait(0.01)

    runner.run("long work", work, outcome.append, outcome.append, window)
    assert started.wait(10)
    dialog = window.findChild(QProgressDialog)
    assert dialog is not None
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button.text() == "取消"
    with qtbot.waitSignal(runner.task_finished, timeout=10000):
        cancel_button.click()
    runner.wait()
    assert len(outcome) == 1 and "取消" in str(outcome[0])
