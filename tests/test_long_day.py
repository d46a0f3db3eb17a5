"""A long day at the window: an officer keeps it open from morning to evening, opens and closes dozens of case tabs
and of document editors, uses the dialogs, prints, refreshes. Whatever was closed is gone afterwards — the
workspace of a closed tab, a closed editor with its preview, a dialog once used, the background work once ended —
and the window's signals fired after the closing reach nothing deleted. Counted as live objects, after a first
round against after many more: each round leaves nothing behind."""

import gc

import pytest

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

pytestmark = pytest.mark.gui


def settle() -> None:
    """Carry out the deletions Qt deferred (deleteLater, WA_DeleteOnClose), then Python's collection."""
    for _round in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    gc.collect()


def widgets_of(cls) -> list:
    """The live widgets of ``cls`` in the application (what Qt holds, not only what Python still refers to)."""
    return [widget for widget in QApplication.allWidgets() if isinstance(widget, cls)]


def python_objects_of(cls) -> list:
    """The objects of ``cls`` Python still holds whose Qt side is alive."""
    return [obj for obj in gc.get_objects() if isinstance(obj, cls) and isValid(obj)]


@pytest.fixture
def window(make_window, demo_db, qtbot):
    shown = make_window(demo_db)
    shown.show()
    qtbot.waitExposed(shown)
    settle()
    return shown


def _case_ids(db) -> list[str]:
    from workstation.store import list_cases

    return [row.id for row in list_cases(db)]


def _fire_the_window_signals(window) -> None:
    """What the window and its board send after a change elsewhere (an import, a merge, F5)."""
    window.data_changed.emit()
    window.refresh()
    window.board.refresh()
    settle()


def test_every_case_s_tab_opened_and_closed_leaves_no_workspace_behind(window, demo_db):
    from ui.case_workspace import CaseWorkspace

    cases = _case_ids(demo_db)

    def open_and_close(ids) -> None:
        for case_id in ids:
            workspace = window.open_case(case_id)
            window.close_case_tab(window.case_tabs.indexOf(workspace))
        settle()

    open_and_close(cases[:1])
    widgets = len(QApplication.allWidgets())
    open_and_close(cases)  # 36 tabs: one workspace kept by each would leave 36 behind (108 took 7 s to the same end)
    assert len(cases) >= 30
    assert widgets_of(CaseWorkspace) == [] and window.workspaces == {}
    assert len(QApplication.allWidgets()) == widgets
    _fire_the_window_signals(window)
    assert window.case_tabs.count() == 2  # the deadlines and the case list, nothing else
    assert len(QApplication.allWidgets()) == widgets


def test_closed_document_editors_are_deleted_with_their_preview(window, demo_db):
    from ui.form_editor import FormEditor, _PreviewRun
    from workstation.documents.drafts import find_form
    from workstation.store import get_case

    case = get_case(demo_db, _case_ids(demo_db)[0])

    def write_and_close(times: int) -> None:
        for _time in range(times):
            editor = window.open_editor(case, find_form("inquiry_record"))
            editor.wait_for_preview()
            assert editor.pages >= 1  # its preview was rendered
            assert editor.close()
        settle()

    write_and_close(1)
    widgets = len(QApplication.allWidgets())
    write_and_close(12)
    assert widgets_of(FormEditor) == [] and window.editors == []
    assert python_objects_of(_PreviewRun) == []
    assert len(QApplication.allWidgets()) == widgets
    _fire_the_window_signals(window)
    assert len(QApplication.allWidgets()) == widgets


def test_an_editor_kept_open_keeps_only_its_last_preview_rendering(window, demo_db, prompts):
    from ui.form_editor import FormEditor, _PreviewRun, _PreviewSignals
    from workstation.documents.drafts import find_form
    from workstation.store import get_case

    editor = window.open_editor(get_case(demo_db, _case_ids(demo_db)[0]), find_form("inquiry_record"))
    editor.wait_for_preview()
    for pause in range(8):  # the officer types, pauses, the preview follows
        editor.set_field("place", f"南海区桂城街道{pause}号")
        editor.refresh_preview()
        editor.wait_for_preview()
    settle()
    assert editor.values["place"] == "南海区桂城街道7号" and editor.pages >= 1
    # the last one, which the editor holds until the next rendering; not one for every pause
    assert len([run for run in gc.get_objects() if isinstance(run, _PreviewRun)]) <= 1
    assert len(python_objects_of(_PreviewSignals)) <= 1
    prompts.choices.append(1)  # its changes discarded
    assert editor.close()
    settle()
    assert widgets_of(FormEditor) == []


def test_background_work_once_ended_leaves_no_job_behind(qtbot):
    from ui.task_runner import TaskRunner, _Job, _Signals

    runner = TaskRunner()
    results: list = []

    def work(progress, cancel):
        progress(1, 1, "done")
        return len(results)

    for _count in range(25):  # the board's counts, the searches, the statistics of a day
        runner.start("count", work, results.append, results.append, lambda *report: None)
        runner.wait()
        qtbot.waitUntil(lambda: not runner._jobs)
    settle()
    assert results == list(range(25))
    assert [job for job in gc.get_objects() if isinstance(job, _Job)] == []
    assert python_objects_of(_Signals) == []


def test_work_taken_off_the_queue_is_still_cancelled_and_freed(qtbot):
    import threading

    from ui.task_runner import TaskRunner, _Job
    from workstation.errors import Cancelled

    runner = TaskRunner()
    release = threading.Event()
    ended: list = []

    def blocking(progress, cancel):
        release.wait(10)
        return "first"

    def queued(progress, cancel):
        return "second"

    runner.start("first", blocking, ended.append, ended.append, lambda *report: None)
    token = runner.start("second", queued, ended.append, ended.append, lambda *report: None)
    runner.join(token)  # still behind the first: taken off the queue, never run
    release.set()
    runner.wait()
    qtbot.waitUntil(lambda: len(ended) == 2)
    assert isinstance(ended[0], Cancelled) and ended[1] == "first"
    settle()
    assert [job for job in gc.get_objects() if isinstance(job, _Job)] == []


def test_dialogs_used_from_the_window_are_deleted_after_use(window, demo_db, monkeypatch):
    from workstation.store import get_case

    monkeypatch.setattr(QDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)  # each one cancelled
    case_id = _case_ids(demo_db)[0]
    workspace = window.open_case(case_id)
    party = get_case(demo_db, case_id).party_ids[0]

    def use_the_dialogs() -> None:
        window.new_case()
        window.edit_case(case_id)
        window.edit_officers()
        window.edit_agency_details()
        window.edit_security_settings()
        workspace.clocks.record()
        workspace.law.edit()
        workspace.findChild(QWidget, f"edit_party_{party}").click()
        window.leads_page.new_lead()
        window.interviews_page.new_interview()
        settle()

    use_the_dialogs()
    widgets = len(QApplication.allWidgets())
    for _round in range(5):
        use_the_dialogs()
    assert window.findChildren(QDialog) == []
    assert len(QApplication.allWidgets()) == widgets


def test_the_documents_page_refreshed_keeps_one_list_of_document_types(window):
    from ui.documents_page import FormsModel

    window.go_to_page(3)
    for _press in range(6):  # F5
        window.refresh()
    settle()
    page = window.page(3)
    assert page.findChildren(FormsModel) == [page.forms_model]
    assert page.forms_model.rowCount() >= 56
