"""The window's register import: a short message with every row in its scrolling details, never taller than the
screen; no offer to import the valid rows when there is none, No as the default when there are; the reading of the
file said with Cancel from the start, and no second import while one runs."""

import threading

from tests.test_register_import import GOOD, register_rows, write_csv, write_xlsx
from tests.test_register_importfix import SHIFTED
from ui.task_runner import ImmediateRunner, TaskRunner


def many_rows(n):
    return [[f"佛南市监立〔2026〕{300 + i}号", *GOOD[0][1:]] for i in range(n)]


def test_an_import_with_many_rows_to_check_says_a_short_message_and_lists_every_row_in_its_details(
        make_window, db, tmp_path, prompts, english):
    path = write_xlsx(tmp_path / "台账.xlsx", register_rows(many_rows(60), total=False))
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db)
    window.import_register(str(path))
    window.import_register(str(path))  # every row stored already: 60 rows skipped, each said
    message, details = prompts.infos[-1], prompts.details[-1]
    assert message.splitlines() == ["0 cases imported, 60 skipped.",
                                    "60 rows were not imported as their cases are stored already.",
                                    "Each row is listed in the details below."]
    lines = details.splitlines()
    assert len(lines) == 61 and lines[0] == "Not imported, their case numbers being stored already (60 rows):"
    assert lines[-1].startswith("row 63, 案件编号: 佛南市监立〔2026〕359号 is stored already")
    assert all(line.endswith(".") for line in lines[1:])


def test_the_message_box_of_3000_rows_is_no_taller_than_the_screen(qtbot, english):
    from PySide6.QtWidgets import QApplication, QMessageBox, QTextEdit

    from ui.prompts import message_box

    details = "\n".join(f"row {n}, 统一社会信用代码: the check digit should be checked." for n in range(3000))
    box = message_box(None, QMessageBox.Icon.Information, "3000 rows imported have something to check.", details)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    text = box.findChild(QTextEdit)
    assert text is not None and text.isVisible() and text.isReadOnly()  # the rows shown at once, to read and copy
    assert text.toPlainText() == details
    assert box.height() <= QApplication.primaryScreen().availableGeometry().height()
    box.close()


def test_no_valid_row_is_a_plain_refusal_with_every_row_in_its_details(make_window, db, tmp_path, prompts, english):
    path = write_csv(tmp_path / "台账.csv", register_rows([SHIFTED, SHIFTED], total=False))
    make_window(db).import_register(str(path))
    assert prompts.confirmations == []  # nothing to import alone: no question
    [error] = prompts.errors
    assert error == ("台账.csv: 2 rows refused, nothing imported. Not one row of the register is valid: correct the "
                     "rows listed below and import it again.")
    lines = prompts.details[-1].splitlines()
    assert [line[:28] for line in lines] == ["row 4, number of cells: the ", "row 5, number of cells: the "]
    assert all(line.endswith("then import it again.") for line in lines)
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0


def test_importing_the_valid_rows_alone_is_asked_with_no_as_the_default(make_window, db, tmp_path, prompts, english):
    path = write_csv(tmp_path / "台账.csv", register_rows([GOOD[0], SHIFTED], total=False))
    window = make_window(db)
    window.import_register(str(path))
    [question] = prompts.destructive  # No is the default button
    assert question.startswith("台账.csv: 1 row refused, nothing imported. The rows listed below are not valid")
    assert question.endswith("Import only the valid rows?")
    assert prompts.details[-1].startswith("row 5, number of cells: the row has 13 cells but the header only 12")
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0  # declined: nothing imported

    prompts.confirm_answer = True
    window.import_register(str(path))
    assert db.execute("SELECT case_number FROM cases").fetchall() == [(GOOD[0][0],)]


class HeldRunner(ImmediateRunner):
    """Runs each task only when told (``finish``): a task still running meanwhile."""

    def __init__(self):
        super().__init__()
        self.held = []

    def run(self, title, work, on_done, on_error, parent=None):
        self.held.append((work, on_done, on_error))

    def finish(self):
        work, on_done, on_error = self.held.pop(0)
        self.start("", work, on_done, on_error, lambda *report: None)


def test_a_second_import_while_one_runs_starts_nothing(make_window, db, tmp_path, prompts):
    path = str(write_xlsx(tmp_path / "台账.xlsx", register_rows()))
    runner = HeldRunner()
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db, runner=runner)
    window.import_register(path)
    window.import_register(path)  # Ctrl+I again before the progress dialog shows
    assert len(runner.held) == 1
    runner.finish()  # the file checked (a dry run): asked, Yes, and the import itself started
    assert len(runner.held) == 1 and db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
    window.import_register(path)  # Ctrl+I again while the import itself runs
    assert len(runner.held) == 1
    runner.finish()
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == len(GOOD)
    window.import_register(path)  # once it ended, another may start
    assert len(runner.held) == 1


def test_reading_a_large_workbook_is_said_with_cancel_from_the_start(make_window, db, tmp_path, prompts, qtbot,
                                                                      monkeypatch, english):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from workstation.importing import register

    path = write_xlsx(tmp_path / "台账.xlsx", register_rows())
    parsing = threading.Event()  # set by the test to let a parse run to its end; it never is: Cancel ends it
    real = register.read_sheets

    def slow_sheets(file, encoding, heartbeat):  # a workbook whose sheet takes long to parse: the reader's heartbeat
        while not parsing.wait(0.02):
            heartbeat()
        yield from real(file, encoding, heartbeat)

    monkeypatch.setattr(register, "read_sheets", slow_sheets)
    runner = TaskRunner()
    window = make_window(db, runner=runner)
    window.import_register(str(path))
    try:
        def dialog():
            found = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
            return found[0] if found else None

        qtbot.waitUntil(lambda: dialog() is not None, timeout=10000)
        assert dialog().labelText() == "Reading 台账.xlsx…" and dialog().maximum() == 0  # busy, no percentage
        assert dialog().windowModality() == Qt.WindowModality.WindowModal  # the window takes no other work
        dialog().findChild(QPushButton, "progress_cancel").click()
        qtbot.waitUntil(lambda: prompts.infos != [], timeout=10000)
    finally:
        parsing.set()
        runner.wait()
    assert prompts.infos == ["Cancelled; nothing was changed."]
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 0
