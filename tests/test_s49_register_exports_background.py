"""The register of issued documents (文书 page) and the interview register (约谈 page) are exported through the
window's task runner, as the deadline list is: off the GUI thread, with a progress dialog naming the file and a
Cancel, the file written byte for byte as before; a Cancel pressed during the export leaves no file (nor its
.part), and the command line's calls (no progress, no token) write the same file as ever."""

from __future__ import annotations

import threading

import pytest

from tests.test_casefile_voided import filed  # noqa: F401 (the fixture ``issued`` takes)
from tests.test_document_register import issued  # noqa: F401 (the fixture)
from workstation.errors import Cancelled
from workstation.progress import CancelToken

pytestmark = pytest.mark.gui


def _recording_dialog(monkeypatch, cancel_at: str | None = None):
    """The task runner's progress dialog, recording its titles and labels; with ``cancel_at`` its Cancel is clicked
    when a label holding it is shown (``released`` is set then)."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    seen: list[str] = []
    released = threading.Event()

    class Recording(QProgressDialog):
        def setWindowTitle(self, title):  # noqa: N802 - Qt's name
            seen.append(title)
            super().setWindowTitle(title)

        def setLabelText(self, text):  # noqa: N802 - Qt's name
            seen.append(text)
            super().setLabelText(text)
            if cancel_at is not None and cancel_at in text and not released.is_set():
                self.findChild(QPushButton, "progress_cancel").click()  # the officer's Cancel
                released.set()

    monkeypatch.setattr("ui.task_runner.QProgressDialog", Recording)
    return seen, released


def _held(monkeypatch, module, name: str, released: threading.Event) -> None:
    """``module.name`` returns only once Cancel was clicked: no race with a fast machine."""
    real = getattr(module, name)

    def held(*args, **kwargs):
        assert released.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)


def _traced(db, action) -> list[str]:
    """The statements ``action`` runs on the GUI thread's connection ``db``."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        action()
    finally:
        db.conn.set_trace_callback(None)
    return statements


def _exported(qtbot, runner, click) -> None:
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        click()
    assert runner.wait(30000)


# the register of issued documents ---------------------------------------------------------------------------------
def _document_register(db, make_window):
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = make_window(db, runner=runner)
    window.navigation.setCurrentRow(3)
    return runner, window.stack.currentWidget().register


def test_the_register_of_issued_documents_is_exported_in_the_background_as_before(
        demo_db, issued, make_window, prompts, qtbot, tmp_path, monkeypatch, english):  # noqa: F811
    from workstation.document_register import register_csv, registered_documents

    seen, _released = _recording_dialog(monkeypatch)
    runner, register = _document_register(demo_db, make_window)
    target = tmp_path / "out" / "register.csv"
    target.parent.mkdir()
    prompts.files = [str(target)]
    statements = _traced(demo_db, lambda: _exported(qtbot, runner, register.export_button.click))
    assert "Export the register of issued documents" in seen and "Writing register.csv" in seen
    assert not [s for s in statements if "ORDER BY d.issued_at DESC" in s]  # read on the worker's connection
    assert prompts.errors == [] and str(target) in prompts.infos[-1]
    assert target.read_bytes() == register_csv(registered_documents(demo_db, limit=None))
    assert [p.name for p in target.parent.iterdir()] == ["register.csv"]


def test_cancel_during_the_export_of_issued_documents_leaves_no_file(
        demo_db, issued, make_window, prompts, qtbot, tmp_path, monkeypatch, english):  # noqa: F811
    import workstation.document_register as document_register

    _seen, released = _recording_dialog(monkeypatch, cancel_at="Writing register.csv")
    _held(monkeypatch, document_register, "register_csv", released)
    runner, register = _document_register(demo_db, make_window)
    target = tmp_path / "out" / "register.csv"
    target.parent.mkdir()
    prompts.files = [str(target)]
    _exported(qtbot, runner, register.export_button.click)
    assert released.is_set() and prompts.errors == [] and prompts.infos == []
    assert list(target.parent.iterdir()) == []  # neither the file nor its .part


def test_the_core_export_of_issued_documents_reports_and_stops_at_a_cancel(
        demo_db, issued, tmp_path, english):  # noqa: F811
    from workstation.document_register import export_register, register_csv, registered_documents

    reports = []
    whole = tmp_path / "whole.csv"
    assert export_register(demo_db, whole, progress=lambda *r: reports.append(r), cancel=CancelToken()) == whole
    assert whole.read_bytes() == register_csv(registered_documents(demo_db, limit=None))
    assert reports and reports[-1][0] == reports[-1][1] and all(m == "Writing whole.csv" for _d, _t, m in reports)
    token = CancelToken()

    def cancelled(done, total, message):
        token.cancel()

    with pytest.raises(Cancelled):
        export_register(demo_db, tmp_path / "cut.csv", progress=cancelled, cancel=token)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("cut.csv")]


# the interview register -------------------------------------------------------------------------------------------
def _interviews_page(db, make_window, qtbot):
    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    page = make_window(db, runner=runner).interviews_page
    page.refresh()
    qtbot.waitUntil(lambda: not page.reading.running and page.model.rowCount() > 0, timeout=30000)
    return runner, page


def test_the_interview_register_is_exported_in_the_background_as_before(
        demo_db, make_window, prompts, qtbot, tmp_path, monkeypatch, english):
    from PySide6.QtWidgets import QPushButton

    from workstation.interview_register import register_csv

    seen, _released = _recording_dialog(monkeypatch)
    runner, page = _interviews_page(demo_db, make_window, qtbot)
    listed = [r.interview for r in page.model.records if not r.void]
    target = tmp_path / "out" / "约谈台账.csv"
    target.parent.mkdir()
    prompts.files = [str(target)]
    statements = _traced(demo_db, lambda: _exported(qtbot, runner,
                                                    page.findChild(QPushButton, "export_register").click))
    assert "Export the interview register" in seen and "Writing 约谈台账.csv" in seen
    assert not [s for s in statements if "FROM documents WHERE interview_id IN" in s]  # on the worker's connection
    assert prompts.errors == [] and str(target) in prompts.infos[-1]
    assert target.read_bytes() == register_csv(demo_db, listed)
    assert [p.name for p in target.parent.iterdir()] == ["约谈台账.csv"]


def test_cancel_during_the_export_of_the_interview_register_leaves_no_file(
        demo_db, make_window, prompts, qtbot, tmp_path, monkeypatch, english):
    from PySide6.QtWidgets import QPushButton

    import workstation.interview_register as interview_register

    _seen, released = _recording_dialog(monkeypatch, cancel_at="Writing 约谈台账.csv")
    runner, page = _interviews_page(demo_db, make_window, qtbot)
    _held(monkeypatch, interview_register, "register_rows", released)
    target = tmp_path / "out" / "约谈台账.csv"
    target.parent.mkdir()
    prompts.files = [str(target)]
    _exported(qtbot, runner, page.findChild(QPushButton, "export_register").click)
    assert released.is_set() and prompts.errors == [] and prompts.infos == []
    assert list(target.parent.iterdir()) == []  # neither the file nor its .part


def test_the_core_interview_export_is_the_same_in_steps_and_stops_at_a_cancel(demo_db, tmp_path, english):
    from workstation.interview_register import export_register, register_csv
    from workstation.store.interviews import list_interviews

    interviews = list_interviews(demo_db)
    assert len(interviews) > 2
    reports = []
    stepped = tmp_path / "stepped.csv"
    export_register(demo_db, interviews, stepped, progress=lambda *r: reports.append(r), cancel=CancelToken(),
                    step=2)  # several steps of two interviews: the same file as in one go
    assert stepped.read_bytes() == register_csv(demo_db, interviews)
    assert [d for d, _t, _m in reports] == [*range(0, len(interviews), 2), len(interviews)]
    plain = tmp_path / "plain.csv"
    assert export_register(demo_db, interviews, plain) == plain  # as the command line calls it
    assert plain.read_bytes() == stepped.read_bytes()
    token = CancelToken()

    def cancelled(done, total, message):
        token.cancel()

    with pytest.raises(Cancelled):
        export_register(demo_db, interviews, tmp_path / "cut.csv", progress=cancelled, cancel=token)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("cut.csv")]
