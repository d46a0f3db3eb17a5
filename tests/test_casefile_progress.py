"""The case file (卷宗) is printed in the background: the core reports each document as it adds it (n of N) and stops
at a cancel before the next one, leaving no file (not even a ``.part``); in the window a progress dialog names the
document being added, the PDF is written and said so, and Cancel leaves no file and says so."""

from __future__ import annotations

import threading

import pytest
from pypdf import PdfReader

from tests.helpers import refusals_read
from workstation.documents.casefile import print_case_file, save_case_file
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import Cancelled
from workstation.progress import CancelToken
from workstation.store import find_case, get_case

CASE = "佛南市监立〔2026〕1号"


def _three_documents(db, data_dir):
    """The demo case with three documents issued (the 案件来源登记表, the decision and its 送达回证)."""
    case = find_case(db, CASE)
    issued = [issue_document(db, data_dir, case, find_form("case_source_register"), {})]
    issued.append(issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision")))
    issued.append(issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                                 {"served_document": f"行政处罚决定书 {issued[1].number}"}))
    return get_case(db, case.id), issued


def _named(document) -> str:
    return f"{document.title}{document.number}" if document.number else document.title


def test_printing_the_case_file_reports_each_document_it_adds_n_of_n(demo_db, data_dir, english):
    case, issued = _three_documents(demo_db, data_dir)
    reports = []
    case_file = print_case_file(demo_db, data_dir, case, progress=lambda d, t, m: reports.append((d, t, m)),
                                cancel=CancelToken())
    assert set(case_file.numbered) == {d.id for d in issued}
    assert reports[0] == (0, 5, "Adding the cover and the index")
    assert reports[1:4] == [(n, 5, f"Adding {_named(d)} ({n} of 3)") for n, d in enumerate(issued, start=1)]
    assert reports[4] == (4, 5, "Adding the remarks sheet")


def test_a_cancel_stops_the_case_file_before_the_next_document_and_leaves_no_file(demo_db, data_dir, tmp_path,
                                                                                   english):
    case, _issued = _three_documents(demo_db, data_dir)
    token, reports = CancelToken(), []

    def progress(done, total, message):
        reports.append(message)
        if "(2 of 3)" in message:
            token.cancel()

    target = tmp_path / "卷宗.pdf"
    with pytest.raises(Cancelled):
        save_case_file(demo_db, data_dir, case, target, progress=progress, cancel=token)
    assert "(2 of 3)" in reports[-1]  # the third document was never started
    assert list(tmp_path.iterdir()) == [data_dir]  # neither the PDF nor its .part


def test_the_case_file_is_written_whole_under_its_name(demo_db, data_dir, tmp_path):
    case, _issued = _three_documents(demo_db, data_dir)
    target = tmp_path / "卷宗.pdf"
    written, case_file = save_case_file(demo_db, data_dir, case, target)
    assert written == target and len(PdfReader(target).pages) == case_file.pages
    assert not (tmp_path / "卷宗.pdf.part").exists()


def _recording_dialog(monkeypatch, cancel_at: str | None = None):
    """The task runner's progress dialog, recording the labels and the maximum it shows; with ``cancel_at`` it has
    its Cancel button clicked when a label holding it is shown (``released`` is set then)."""
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    seen: dict[str, list] = {"labels": [], "maximum": []}
    released = threading.Event()

    class Recording(QProgressDialog):
        def setMaximum(self, maximum):  # noqa: N802 - Qt's name
            seen["maximum"].append(maximum)
            super().setMaximum(maximum)

        def setLabelText(self, text):  # noqa: N802 - Qt's name
            seen["labels"].append(text)
            super().setLabelText(text)
            if cancel_at is not None and cancel_at in text:
                self.findChild(QPushButton, "progress_cancel").click()  # the officer's Cancel
                released.set()

    monkeypatch.setattr("ui.task_runner.QProgressDialog", Recording)
    return seen, released


def _print_in_the_window(db, case, make_window, prompts, qtbot, tmp_path):
    """打印卷宗PDF… clicked on ``case``'s documents in a window with a real task runner, the file chosen as
    ``tmp_path``/卷宗.pdf; returns once the task ended and its thread was joined."""
    from PySide6.QtWidgets import QPushButton

    from ui.task_runner import TaskRunner

    runner = TaskRunner()
    window = make_window(db, runner=runner)
    section = window.open_case(case.id).documents
    refusals_read(qtbot, section)
    target = tmp_path / "卷宗.pdf"
    prompts.files.append(str(target))
    with qtbot.waitSignal(runner.task_finished, timeout=60000):
        section.findChild(QPushButton, "casefile").click()
    assert runner.wait(30000)
    return target


@pytest.mark.gui
def test_the_window_prints_the_case_file_with_a_progress_dialog_naming_each_document(
        demo_db, data_dir, make_window, prompts, qtbot, tmp_path, monkeypatch, english):
    case, issued = _three_documents(demo_db, data_dir)
    seen, _released = _recording_dialog(monkeypatch)
    target = _print_in_the_window(demo_db, case, make_window, prompts, qtbot, tmp_path)
    assert [f"Adding {_named(d)} ({n} of 3)" for n, d in enumerate(issued, start=1)] == \
        [label for label in seen["labels"] if " of 3)" in label]
    assert 5 in seen["maximum"]
    assert prompts.errors == []
    pages = len(PdfReader(target).pages)
    assert prompts.infos[-1] == f"{target} written. The case file has {pages} pages."
    assert not (tmp_path / "卷宗.pdf.part").exists()


@pytest.mark.gui
def test_cancel_in_the_progress_dialog_leaves_no_case_file_and_says_so(
        demo_db, data_dir, make_window, prompts, qtbot, tmp_path, monkeypatch, english):
    import workstation.documents.casefile as casefile

    case, _issued = _three_documents(demo_db, data_dir)
    seen, released = _recording_dialog(monkeypatch, cancel_at="(1 of 3)")
    real_pdf = casefile.document_pdf

    def held_pdf(*args):  # the first document is added only once Cancel was clicked: no race with a fast machine
        assert released.wait(30)
        return real_pdf(*args)

    monkeypatch.setattr(casefile, "document_pdf", held_pdf)
    _print_in_the_window(demo_db, case, make_window, prompts, qtbot, tmp_path)
    assert not any("(2 of 3)" in label for label in seen["labels"])
    assert prompts.errors == []
    assert prompts.infos[-1] == "Printing the case file was cancelled: no file was written."
    assert list(tmp_path.iterdir()) == [data_dir]  # neither the PDF nor its .part


@pytest.mark.gui
def test_a_case_file_that_cannot_be_printed_is_refused_before_asking_where_to_save_it(
        demo_db, data_dir, prompts, qtbot, tmp_path, english):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(demo_db, data_dir, find_case(demo_db, CASE), prompts)
    qtbot.addWidget(section)
    prompts.files.append(str(tmp_path / "卷宗.pdf"))
    section.save_case_file()
    assert prompts.errors == [f"Case {CASE} has no issued documents to file yet."]
    assert prompts.files == [str(tmp_path / "卷宗.pdf")]  # not asked where to save it
